import type { I18n } from '@ui/i18n.ts';
import type { Diagnostics } from '../types.ts';
import { DeviceFacts } from './DeviceFacts.tsx';
import { Sparkline } from './Sparkline.tsx';

/** Every device: state, health, latency, firmware, last errors and a latency sparkline. */
export function Devices({ i18n, devices, onConsole }: { i18n: I18n; devices: readonly Diagnostics[]; onConsole(id: string): void }) {
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">{i18n.t('devices.title')}</h2>
      <div class="table-wrap">
        <table class="devices" data-testid="devices">
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
            {devices.map((d) => (
              <tr key={d.id} data-device={d.id}>
                <th scope="row">
                  <strong>{d.name ?? d.id}</strong>
                  <div class="muted small">
                    {d.id} · {d.driver}
                  </div>
                  <div class="muted small mono">{d.target}</div>
                </th>
                <td>
                  <span class={`badge badge-${d.state.status}`}>{i18n.t(`status.${d.state.status}`)}</span>
                  {d.state.reason !== undefined && <div class="muted small">{d.state.reason}</div>}
                  {d.state.power !== undefined && <div class="small">{i18n.t('devices.power', { power: d.state.power })}</div>}
                </td>
                <td class="num">{d.state.latencyMs === undefined ? '–' : i18n.t('devices.ms', { ms: d.state.latencyMs })}</td>
                <td>
                  <Sparkline i18n={i18n} samples={d.samples} />
                </td>
                <td>
                  {d.state.firmware ?? '–'}
                  {d.state.model !== undefined && <div class="muted small">{d.state.model}</div>}
                  <DeviceFacts i18n={i18n} state={d.state} />
                </td>
                <td class="errors">
                  {d.errors.length === 0 ? (
                    <span class="muted">{i18n.t('devices.noErrors')}</span>
                  ) : (
                    <ul>
                      {d.errors
                        .slice(-3)
                        .reverse()
                        .map((e) => (
                          <li key={`${e.ts}-${e.code}`}>
                            <time class="muted small" dateTime={new Date(e.ts).toISOString()}>
                              {i18n.dateTime(e.ts, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
                            </time>{' '}
                            <code>{e.code}</code> {e.message}
                          </li>
                        ))}
                    </ul>
                  )}
                </td>
                <td>
                  <button type="button" class="btn" onClick={() => onConsole(d.id)}>
                    {i18n.t('devices.openConsole')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
