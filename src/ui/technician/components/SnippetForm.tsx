import { useState } from 'preact/hooks';
import { ApiError, post } from '@ui/api.ts';
import type { I18n } from '@ui/i18n.ts';
import { suggestId } from '../ids.ts';
import type { Discovered, SnippetReply as Snippet } from '../types.ts';

/** "Add to config": the agent checks the device against the schema and its driver, then gives the YAML to paste or download. */
export function SnippetForm({ i18n, found, taken }: { i18n: I18n; found: Discovered | undefined; taken: readonly string[] }) {
  // A found device comes with an id the room does not use yet; the technician may change it.
  const [id, setId] = useState(found === undefined ? '' : suggestId(found, taken));
  const [name, setName] = useState(found?.description ?? '');
  const [driver, setDriver] = useState(found?.drivers?.[0] ?? '');
  const [target, setTarget] = useState(found?.target ?? '');
  const [snippet, setSnippet] = useState<Snippet | undefined>();
  const [error, setError] = useState<string | undefined>();

  const check = (e: Event): void => {
    e.preventDefault();
    setError(undefined);
    post<Snippet>('/api/technician/config/device-snippet', { id, driver, target, ...(name === '' ? {} : { name }) })
      .then(setSnippet)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  };
  const field = (label: string, value: string, set: (v: string) => void, list?: readonly string[]) => (
    <label>
      {i18n.t(label)}
      {list === undefined || list.length === 0 ? (
        <input value={value} onInput={(e) => set((e.currentTarget as HTMLInputElement).value)} required={label !== 'snippet.name'} />
      ) : (
        <select value={value} onChange={(e) => set((e.currentTarget as HTMLSelectElement).value)}>
          {list.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      )}
    </label>
  );
  const download = snippet === undefined ? undefined : `data:text/yaml;charset=utf-8,${encodeURIComponent(snippet.yaml)}`;
  return (
    <form class="snippet" onSubmit={check} aria-labelledby="snippet-title">
      <h3 id="snippet-title">{i18n.t('snippet.title')}</h3>
      <div class="grid-form">
        {field('snippet.id', id, setId)}
        {field('snippet.name', name, setName)}
        {field('snippet.driver', driver, setDriver, found?.drivers)}
        {field('snippet.target', target, setTarget)}
      </div>
      <button type="submit" class="btn btn-primary">
        {i18n.t('snippet.check')}
      </button>
      {error !== undefined && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {snippet !== undefined && (
        <div class="snippet-out" aria-live="polite">
          <p class={snippet.ok ? 'ok' : 'error'}>{i18n.t(snippet.ok ? 'snippet.valid' : 'snippet.invalid')}</p>
          {snippet.problems.length > 0 && (
            <ul>
              {snippet.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <pre class="mono">{snippet.yaml}</pre>
          {snippet.ok && (
            <div class="row">
              <button type="button" class="btn" onClick={() => void navigator.clipboard?.writeText(snippet.yaml)}>
                {i18n.t('snippet.copy')}
              </button>
              <a class="btn" href={download} download={`${id || 'device'}.yaml`}>
                {i18n.t('snippet.download')}
              </a>
            </div>
          )}
        </div>
      )}
    </form>
  );
}
