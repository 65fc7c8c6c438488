import { useState } from 'preact/hooks';
import { ApiError, get } from '@ui/api.ts';
import type { I18n } from '@ui/i18n.ts';
import { DISCOVERY_KINDS, type DiscoveryKind as Kind } from '../../../contract/names.js';
import type { Discovered, DiscoveryReply as Result } from '../types.ts';
import { SnippetForm } from './SnippetForm.tsx';

/** Finds cameras, serial ports and HID devices from the agent; any of them can become a config snippet. */
export function Discovery({ i18n, taken }: { i18n: I18n; taken: readonly string[] }) {
  const [busy, setBusy] = useState<Kind | undefined>();
  const [result, setResult] = useState<Result | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [adding, setAdding] = useState<Discovered | undefined>();

  const run = (kind: Kind): void => {
    setBusy(kind);
    setError(undefined);
    setAdding(undefined);
    get<Result>(`/api/technician/discovery?kind=${kind}`)
      .then(setResult)
      .catch((err: unknown) => setError(err instanceof ApiError ? `${err.code}: ${err.message}` : String(err)))
      .finally(() => setBusy(undefined));
  };

  return (
    <section aria-labelledby="discovery-title">
      <h2 id="discovery-title">{i18n.t('discovery.title')}</h2>
      <div class="row">
        {DISCOVERY_KINDS.map((k) => (
          <button key={k} type="button" class="btn" disabled={busy !== undefined} aria-busy={busy === k} onClick={() => run(k)}>
            {i18n.t(busy === k ? 'discovery.searching' : `discovery.${k}`)}
          </button>
        ))}
      </div>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {result !== undefined && (
        <div aria-live="polite">
          {result.devices.length === 0 && <p class="muted">{i18n.t('discovery.none')}</p>}
          <ul class="found">
            {result.devices.map((d) => (
              <li key={d.target}>
                <code>{d.target}</code> {d.description}
                {d.drivers !== undefined && <span class="muted"> [{d.drivers.join(', ')}]</span>}
                {d.problem !== undefined && <div class="error small">{d.problem}</div>}
                <button type="button" class="btn" onClick={() => setAdding(d)}>
                  {i18n.t('discovery.add')}
                </button>
              </li>
            ))}
          </ul>
          {result.notes.map((n) => (
            <p key={n} class="muted small">
              {n}
            </p>
          ))}
        </div>
      )}
      <SnippetForm key={adding?.target ?? 'manual'} i18n={i18n} found={adding} taken={taken} />
    </section>
  );
}
