import { useEffect, useState } from 'preact/hooks';
import { get, request } from '@ui/api.ts';
import type { I18n } from '@ui/i18n.ts';
import type { LogLine } from '../types.ts';

const LEVELS: readonly [number, string][] = [
  [10, 'trace'],
  [20, 'debug'],
  [30, 'info'],
  [40, 'warn'],
  [50, 'error'],
  [60, 'fatal'],
];

function levelName(level: number | undefined): string {
  return [...LEVELS].reverse().find(([n]) => (level ?? 30) >= n)?.[1] ?? 'info';
}

/** Fields worth showing after the message (not the pino envelope). */
function extras(line: LogLine): string {
  const { time: _t, level: _l, msg: _m, pid: _p, hostname: _h, name: _n, ...rest } = line;
  const text = JSON.stringify(rest);
  return text === '{}' ? '' : text;
}

/** The agent's recent log lines, newest first, read again every few seconds while shown. */
export function Logs({ i18n, lines }: { i18n: I18n; lines: readonly LogLine[] }) {
  const [min, setMin] = useState(30);
  const shown = lines.filter((l) => (l.level ?? 30) >= min).slice(-300).reverse();
  const [agentLevel, setAgentLevel] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    get<{ level: string }>('/api/technician/log-level').then(
      (r) => setAgentLevel(r.level),
      () => setAgentLevel(undefined),
    );
  }, []);
  // What the agent writes at all (to its journal and this page), changed without a restart.
  const changeAgentLevel = (level: string): void => {
    request<{ level: string }>('PUT', '/api/technician/log-level', { level }).then(
      (r) => {
        setAgentLevel(r.level);
        setNotice(i18n.t('logs.agentLevelChanged', { level: r.level }));
      },
      (err: unknown) => setNotice(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <section aria-labelledby="logs-title">
      <h2 id="logs-title">{i18n.t('logs.title')}</h2>
      {agentLevel !== undefined && (
        <label>
          {i18n.t('logs.agentLevel')}{' '}
          <select data-testid="agent-log-level" value={agentLevel} onChange={(e) => changeAgentLevel((e.currentTarget as HTMLSelectElement).value)}>
            {LEVELS.map(([, name]) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}{' '}
      <span role="status">{notice}</span>{' '}
      <label>
        {i18n.t('logs.level')}{' '}
        <select value={String(min)} onChange={(e) => setMin(Number((e.currentTarget as HTMLSelectElement).value))}>
          {LEVELS.map(([n, name]) => (
            <option key={n} value={String(n)}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <ol class="logs mono" data-testid="logs">
        {shown.map((l, i) => (
          <li key={`${l.time ?? 0}-${i}`} class={`log log-${levelName(l.level)}`}>
            <time>{l.time === undefined ? '' : i18n.dateTime(l.time, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}</time> <span class="lvl">{levelName(l.level)}</span> {l.msg} <span class="muted">{extras(l)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
