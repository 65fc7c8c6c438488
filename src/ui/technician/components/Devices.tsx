import type { I18n } from '@ui/i18n.ts';
import type { Diagnostics, ErrorGroup } from '../types.ts';
import { DeviceFacts } from './DeviceFacts.tsx';
import { Sparkline } from './Sparkline.tsx';

/** Errors this recent make an online device a "problem device" that is listed first. */
const RECENT_MS = 15 * 60_000;
const RANK: Readonly<Record<string, number>> = { offline: 0, degraded: 1, starting: 2 };

/** Problem devices first (offline, degraded, starting, then recent errors); otherwise the config's order. */
export function byTrouble(devices: readonly Diagnostics[], now: number): Diagnostics[] {
  const rank = (d: Diagnostics): number => RANK[d.state.status] ?? (d.problems.some((p) => now - p.last < RECENT_MS) ? 3 : 4);
  return devices
    .map((d, i) => ({ d, i, r: rank(d) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.d);
}

const time = (i18n: I18n, ms: number): string => i18n.dateTime(ms, { hour: '2-digit', minute: '2-digit' });

function Problem({ i18n, p }: { i18n: I18n; p: ErrorGroup }) {
  return (
    <li data-testid="device-problem">
      <code>{p.code}</code>{' '}
      <span class="muted small">{p.count > 1 ? i18n.t('devices.repeated', { count: p.count, since: time(i18n, p.first) }) : i18n.t('devices.once', { time: time(i18n, p.last) })}</span>
      <div>{p.message}</div>
      {p.hint !== undefined && (
        <div class="hint small">
          <strong>{i18n.t('devices.hint')}</strong> {p.hint}
        </div>
      )}
    </li>
  );
}

/**
 * Every device: state, latency, history, firmware and its errors, grouped with what to do. A
 * table on a laptop; each device its own card on a phone (the same markup, see styles.css).
 */
export function Devices({ i18n, devices, now, onConsole }: { i18n: I18n; devices: readonly Diagnostics[]; now: number; onConsole(id: string): void }) {
  const label = (key: string): { 'data-label': string } => ({ 'data-label': i18n.t(key) });
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{i18n.t('devices.title')}</h2>
      <table class="devices cards" data-testid="devices">
        <thead>
          <tr>
            <th scope="col">{i18n.t('devices.device')}</th>
            <th scope="col">{i18n.t('devices.status')}</th>
            <th scope="col">{i18n.t('devices.latency')}</th>
            <th scope="col">{i18n.t('devices.history')}</th>
            <th scope="col">{i18n.t('devices.firmware')}</th>
            <th scope="col">{i18n.t('devices.lastErrors')}</th>
            <th scope="col">
              <span class="sr-only">{i18n.t('devices.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {byTrouble(devices, now).map((d) => (
            <tr key={d.id} data-device={d.id} class={`device-${d.state.status}`}>
              <th scope="row">
                <strong>{d.name ?? d.id}</strong>
                <div class="muted small">
                  {d.id} · {d.driver}
                </div>
                <div class="muted small mono">{d.target}</div>
              </th>
              <td {...label('devices.status')}>
                <span class={`badge badge-${d.state.status}`}>{i18n.t(`status.${d.state.status}`)}</span>
                {d.state.reason !== undefined && <div class="muted small">{d.state.reason}</div>}
                {d.state.power !== undefined && <div class="small">{i18n.t('devices.power', { power: d.state.power })}</div>}
              </td>
              <td class="num" {...label('devices.latency')}>
                {d.state.latencyMs === undefined ? '–' : i18n.t('devices.ms', { ms: d.state.latencyMs })}
              </td>
              <td {...label('devices.history')}>
                <Sparkline i18n={i18n} samples={d.samples} />
              </td>
              <td {...label('devices.firmware')}>
                {d.state.firmware ?? '–'}
                {d.state.model !== undefined && <div class="muted small">{d.state.model}</div>}
                <DeviceFacts i18n={i18n} state={d.state} />
              </td>
              <td class="errors" {...label('devices.lastErrors')}>
                {d.problems.length === 0 ? (
                  <span class="muted">{i18n.t('devices.noErrors')}</span>
                ) : (
                  <ul>
                    {d.problems.slice(0, 3).map((p) => (
                      <Problem key={`${p.code}-${p.action ?? ''}`} i18n={i18n} p={p} />
                    ))}
                  </ul>
                )}
              </td>
              <td class="actions">
                <button type="button" class="btn" onClick={() => onConsole(d.id)}>
                  {i18n.t('devices.openConsole')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
