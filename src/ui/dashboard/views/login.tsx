import { useState } from 'preact/hooks';
import type { I18n } from '@ui/i18n.ts';
import { ApiError, type ApiClient } from '../api/client.js';
import { endpoints } from '../api/endpoints.js';
import { LanguagePicker } from './language.js';

/** Sign-in: the only page shown without a session. */
export function LoginPage({ i18n, api, onDone, onLang }: { i18n: I18n; api: ApiClient; onDone: () => void; onLang: (lang: string) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post(endpoints.login, { username, password });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? i18n.t('login.wrong') : err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form onSubmit={(e) => void submit(e)} data-testid="login-form">
        <h1>{i18n.t('app.title')}</h1>
        <label>
          {i18n.t('login.username')}
          <input name="username" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} required />
        </label>
        <label>
          {i18n.t('login.password')}
          <input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} required />
        </label>
        {error !== undefined ? (
          <p class="bad" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {i18n.t('login.submit')}
        </button>
        <LanguagePicker i18n={i18n} onLang={onLang} />
      </form>
    </main>
  );
}
