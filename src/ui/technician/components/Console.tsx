import { useRef, useState } from 'preact/hooks';
import { ApiError, post } from '@ui/api.ts';
import type { I18n } from '@ui/i18n.ts';
import type { BytesReply, Diagnostics, RawReply } from '../types.ts';

type Mode = 'command' | 'hex' | 'text';

interface Entry {
  id: number;
  device: string;
  sent: string;
  reply?: string;
  replyBytes?: string;
  error?: string;
  ms?: number;
}

interface Props {
  i18n: I18n;
  devices: readonly Diagnostics[];
  device: string | undefined;
  onDevice(id: string): void;
}

/** A raw console per device: a driver command (as `classroom ctl`), or bytes in hex or text. */
export function Console({ i18n, devices, device, onDevice }: Props) {
  const [mode, setMode] = useState<Mode>('command');
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [log, setLog] = useState<Entry[]>([]);
  const counter = useRef(1);
  const current = devices.find((d) => d.id === device) ?? devices[0];
  const bytesOk = current?.bytes === true;
  const effectiveMode = !bytesOk && mode !== 'command' ? 'command' : mode;

  const send = (e: Event): void => {
    e.preventDefault();
    if (current === undefined || input.trim() === '') return;
    const entry: Entry = { id: counter.current++, device: current.id, sent: input };
    const path = `/api/technician/devices/${encodeURIComponent(current.id)}`;
    const began = performance.now();
    let request: Promise<Partial<Entry>>;
    if (effectiveMode === 'command') {
      const [command = '', ...args] = input.trim().split(/\s+/);
      request = post<RawReply>(`${path}/raw`, { command, args }).then((r) => ({ reply: JSON.stringify(r.result, null, 2) }));
    } else {
      request = post<BytesReply>(`${path}/bytes`, effectiveMode === 'hex' ? { hex: input } : { text: input }).then((r) => ({ sent: r.sent, replyBytes: r.reply, reply: r.replyText, ms: r.latencyMs }));
    }
    setBusy(true);
    request
      .then((r) => setLog((l) => [{ ...entry, ms: Math.round(performance.now() - began), ...r }, ...l].slice(0, 50)))
      .catch((err: unknown) => setLog((l) => [{ ...entry, error: err instanceof ApiError ? `${err.code}: ${err.message}` : String(err) }, ...l].slice(0, 50)))
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="console-title">
      <h2 id="console-title">{i18n.t('console.title')}</h2>
      <form class="console-form" onSubmit={send}>
        <label>
          {i18n.t('console.device')}
          <select value={current?.id} onChange={(e) => onDevice((e.currentTarget as HTMLSelectElement).value)}>
            {devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name ?? d.id} ({d.driver})
              </option>
            ))}
          </select>
        </label>
        <fieldset class="modes">
          <legend>{i18n.t('console.mode')}</legend>
          {(['command', 'hex', 'text'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="mode" value={m} checked={effectiveMode === m} disabled={m !== 'command' && !bytesOk} onChange={() => setMode(m)} />
              {i18n.t(`console.mode.${m}`)}
            </label>
          ))}
        </fieldset>
        <label class="grow">
          {i18n.t(`console.input.${effectiveMode}`)}
          <input class="mono" value={input} onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)} placeholder={effectiveMode === 'command' ? (current?.commands[0]?.name ?? '') : effectiveMode === 'hex' ? 'AA 11 01 00 12' : '\\r'} />
        </label>
        <button type="submit" class="btn btn-primary" disabled={busy || current === undefined}>
          {i18n.t('console.send')}
        </button>
      </form>
      {current !== undefined && effectiveMode === 'command' && (
        <p class="muted small">
          {i18n.t('console.commands')}{' '}
          {current.commands.map((c) => (
            <code key={c.name} class="cmd">
              {c.name} {c.usage}
            </code>
          ))}
        </p>
      )}
      {current !== undefined && !bytesOk && <p class="muted small">{i18n.t('console.noBytes')}</p>}
      <ol class="transcript" aria-live="polite" data-testid="console-log">
        {log.map((e) => (
          <li key={e.id}>
            <div class="tx mono">
              <span aria-hidden="true">→ </span>
              <span class="sr-only">{i18n.t('console.sent')} </span>
              {e.device}: {e.sent}
            </div>
            {e.error !== undefined ? (
              <div class="rx error mono">{e.error}</div>
            ) : (
              <div class="rx mono">
                <span aria-hidden="true">← </span>
                <span class="sr-only">{i18n.t('console.reply')} </span>
                {e.replyBytes !== undefined && <div>{e.replyBytes === '' ? i18n.t('console.empty') : e.replyBytes}</div>}
                <pre>{e.reply}</pre>
                {e.ms !== undefined && <span class="muted small">{i18n.t('devices.ms', { ms: e.ms })}</span>}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
