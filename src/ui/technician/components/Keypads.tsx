import type { I18n } from '@ui/i18n.ts';
import { usePoll } from '../data.ts';

/** GET /api/technician/keypads (agent/http/routes/keypads.ts). */
interface KeyLayout {
  key: number;
  binding: { scene?: string; action?: string; device?: string; args?: Record<string, string | number | boolean>; label?: string; icon?: string; lights?: unknown[] };
  look: { light: { color?: string; on?: boolean; off?: boolean }; label?: string; icon?: string };
}

interface KeypadLayout {
  device: string;
  keyCount?: number;
  keys: KeyLayout[];
}

function args(a: KeyLayout['binding']['args']): string {
  return a === undefined ? '' : Object.entries(a).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
}

/** The room's keypads as configured: each bound key, what it does and how it is lit now. */
export function Keypads({ i18n, active, onUnauthorized }: { i18n: I18n; active: boolean; onUnauthorized(): void }) {
  const pads = usePoll<KeypadLayout[]>('/api/technician/keypads', 5000, active, onUnauthorized) ?? [];
  if (pads.length === 0) return null;
  return (
    <section aria-labelledby="keypads-title" data-testid="keypads">
      <h2 id="keypads-title">{i18n.t('keypads.title')}</h2>
      {pads.map((pad) => (
        <div key={pad.device} class="keypad" data-keypad={pad.device}>
          <h3>
            {pad.device}
            {pad.keyCount !== undefined && <span class="muted small"> · {i18n.t('keypads.keys', { count: pad.keyCount })}</span>}
          </h3>
          <ul class="keypad-keys">
            {pad.keys.map((k) => {
              const color = k.look.light.color ?? (k.look.light.on === true ? '#ffffff' : '#000000');
              const what = k.binding.scene !== undefined ? i18n.t('keypads.scene', { scene: k.binding.scene }) : i18n.t('keypads.action', { action: k.binding.action ?? '?', device: k.binding.device ?? '?' });
              return (
                <li key={k.key} class="keypad-key" data-key={k.key}>
                  <span class="keypad-face" style={{ background: color }} aria-hidden="true">
                    {k.look.label ?? ''}
                  </span>
                  <span>
                    <strong>{i18n.t('keypads.key', { key: k.key })}</strong> {what}
                    {k.binding.args !== undefined && <span class="muted small mono"> ({args(k.binding.args)})</span>}
                    {k.look.icon !== undefined && <span class="muted small"> · {k.look.icon}</span>}
                    {(k.binding.lights?.length ?? 0) > 0 && <span class="muted small"> · {i18n.t('keypads.rules', { count: k.binding.lights?.length ?? 0 })}</span>}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}
