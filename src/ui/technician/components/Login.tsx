import { useState } from 'preact/hooks';
import { ApiError, post } from '@ui/api.ts';
import type { I18n } from '@ui/i18n.ts';

/** The technician login: a password checked by the agent against the scrypt hash in the room config. */
export function Login({ i18n, enabled, onDone }: { i18n: I18n; enabled: boolean; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (!enabled) {
    return (
      <main class="login">
        <h1>{i18n.t('login.title')}</h1>
        <p role="alert">{i18n.t('login.disabled')}</p>
      </main>
    );
  }
  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    post('/api/technician/login', { password })
      .then(() => onDone())
      .catch((err: unknown) => {
        const code = err instanceof ApiError ? err.code : '';
        setError(i18n.t(code === 'SC_ERR_RATE_LIMITED' ? 'login.limited' : code === 'SC_ERR_LOGIN_FAILED' ? 'login.wrong' : 'login.failed'));
      })
      .finally(() => setBusy(false));
  };
  return (
    <main class="login">
      <h1>{i18n.t('login.title')}</h1>
      <form onSubmit={submit}>
        <label for="password">{i18n.t('login.password')}</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" class="btn btn-primary" disabled={busy || password === ''}>
          {i18n.t('login.submit')}
        </button>
        {error !== undefined && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
