import { useEffect, useState } from 'preact/hooks';
import { get, post } from '@ui/api.ts';
import { useNow, useRoom } from '@ui/hooks.ts';
import { LANGUAGES, languageName, pickLanguage } from '@ui/languages.ts';
import { Console } from './components/Console.tsx';
import { Devices } from './components/Devices.tsx';
import { Discovery } from './components/Discovery.tsx';
import { Keypads } from './components/Keypads.tsx';
import { Login } from './components/Login.tsx';
import { Logs } from './components/Logs.tsx';
import { SceneLog } from './components/SceneLog.tsx';
import { usePoll } from './data.ts';
import type { Diagnostics, LogLine, SceneInfo, TechnicianMe as Me } from './types.ts';
import { useI18n } from './use-i18n.ts';

const TABS = ['devices', 'console', 'discovery', 'scenes', 'logs'] as const;
type Tab = (typeof TABS)[number];

export function App() {
  const { view, status } = useRoom();
  const [chosen, setChosen] = useState<string | null>(() => new URLSearchParams(location.search).get('lang'));
  const lang = pickLanguage([chosen, view.snapshot?.room.language, navigator.language]);
  const i18n = useI18n(lang);
  const [me, setMe] = useState<Me | undefined>();
  const [tab, setTab] = useState<Tab>('devices');
  const [consoleDevice, setConsoleDevice] = useState<string | undefined>();
  const [version, setVersion] = useState<string>('');
  const now = useNow(30_000);

  const checkMe = (): void => {
    get<Me>('/api/technician/me')
      .then(setMe)
      .catch(() => setMe({ technician: false, loginEnabled: true }));
  };
  useEffect(checkMe, []);
  useEffect(() => {
    if (status === 'open') get<{ version: string }>('/api/health').then((h) => setVersion(h.version)).catch(() => undefined);
  }, [status]);

  const authed = me?.technician === true;
  const expired = (): void => setMe((m) => (m === undefined ? m : { ...m, technician: false }));
  const finished = Object.values(view.runs).filter((r) => r.status !== 'running').length;
  const devices = usePoll<Diagnostics[]>('/api/technician/devices', 5000, authed, expired) ?? [];
  const scenes = usePoll<SceneInfo[]>('/api/scenes', 15_000, authed && tab === 'scenes', expired, finished) ?? [];
  const logs = usePoll<{ lines: LogLine[] }>('/api/technician/logs?limit=500', 3000, authed && tab === 'logs', expired);

  if (i18n === undefined || me === undefined) return null;
  if (!authed) return <Login i18n={i18n} enabled={me.loginEnabled} onDone={checkMe} />;

  // Live state from the event feed is newer than the last poll of the diagnostics.
  const live = new Map((view.snapshot?.devices ?? []).map((d) => [d.id, d.state]));
  const merged = devices.map((d) => ({ ...d, state: live.get(d.id) ?? d.state }));

  return (
    <div class="tech">
      <header class="top">
        <h1>
          {i18n.t('app.title')} · {view.snapshot?.room.name ?? view.snapshot?.room.id ?? ''}
        </h1>
        <span class="muted small">{i18n.t('app.version', { version })}</span>
        {status !== 'open' && (
          <span class="badge badge-offline" role="status">
            {i18n.t('app.reconnecting')}
          </span>
        )}
        <label class="lang">
          <span class="sr-only">{i18n.t('app.language')}</span>
          <select value={lang} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </label>
        <a class="btn" href="/api/technician/support-bundle" download>
          {i18n.t('app.bundle')}
        </a>
        <button type="button" class="btn" onClick={() => void post('/api/technician/logout').finally(checkMe)}>
          {i18n.t('app.logout')}
        </button>
      </header>
      <nav class="tabs" role="tablist" aria-label={i18n.t('app.sections')}>
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls="panel" class={`tab${tab === t ? ' is-current' : ''}`} onClick={() => setTab(t)}>
            {i18n.t(`tab.${t}`)}
          </button>
        ))}
      </nav>
      <main id="panel" role="tabpanel" aria-labelledby={`tab-${tab}`} class="content">
        {tab === 'devices' && (
          <Devices
            i18n={i18n}
            devices={merged}
            now={now}
            onConsole={(id) => {
              setConsoleDevice(id);
              setTab('console');
            }}
          />
        )}
        {tab === 'devices' && <Keypads i18n={i18n} active={authed} onUnauthorized={expired} />}
        {tab === 'console' && <Console i18n={i18n} devices={merged} device={consoleDevice} onDevice={setConsoleDevice} />}
        {tab === 'discovery' && <Discovery i18n={i18n} taken={merged.map((d) => d.id)} />}
        {tab === 'scenes' && <SceneLog i18n={i18n} scenes={scenes} runs={view.runs} />}
        {tab === 'logs' && <Logs i18n={i18n} lines={logs?.lines ?? []} />}
      </main>
    </div>
  );
}
