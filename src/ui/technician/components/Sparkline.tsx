import type { I18n } from '@ui/i18n.ts';

interface Props {
  i18n: I18n;
  samples: readonly { ts: number; latencyMs?: number; status: string }[];
}

const W = 120;
const H = 28;

/** Latency over the last samples; a gap in the line is a time the device did not answer. */
export function Sparkline({ i18n, samples }: Props) {
  const values = samples.map((s) => (s.status === 'offline' || s.status === 'error' ? undefined : s.latencyMs));
  const known = values.filter((v): v is number => v !== undefined);
  if (known.length < 2) return <span class="muted">–</span>;
  const max = Math.max(...known, 1);
  const step = W / Math.max(1, values.length - 1);
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === undefined) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (H - 2 - ((H - 4) * v) / max).toFixed(1);
    d += `${pen ? 'L' : 'M'}${x} ${y} `;
    pen = true;
  });
  const failures = values.length - known.length;
  const label = i18n.t('devices.sparkline', { min: Math.min(...known), max, count: values.length, failures });
  return (
    <svg class="spark" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
      <title>{label}</title>
      <path d={d.trim()} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}
