import { useEffect, useRef, useState } from 'preact/hooks';
import { post } from '@ui/api.ts';
import type { I18n } from '@ui/i18n.ts';
import { useNow, useRoom } from '@ui/hooks.ts';
import { pickLanguage } from '@ui/languages.ts';
import { kindOf, type RoomView, type Slot } from '@ui/room.ts';
import { CameraCard } from './components/CameraCard.tsx';
import { Header } from './components/Header.tsx';
import { HelpButton, type HelpSending } from './components/HelpButton.tsx';
import { LanguageDialog } from './components/LanguageDialog.tsx';
import { NextSlot } from './components/NextSlot.tsx';
import { Problems } from './components/Problems.tsx';
import { Progress } from './components/Progress.tsx';
import { Scenes } from './components/Scenes.tsx';
import { ScreenCard } from './components/ScreenCard.tsx';
import { SessionPanel, type Recording } from './components/SessionPanel.tsx';
import { useControls } from './controls.ts';
import { deviceLabel } from './texts.ts';
import { useI18n } from './use-i18n.ts';

const CHOICE_KEY = 'sc.wall-panel.lang';
/** How long an error note (and a call that did not go through) stays on screen. */
const NOTE_MS = 60_000;
const SESSION_SCENES = new Set(['start-class', 'end-class']);

function storedChoice(): string | null {
  try {
    return localStorage.getItem(CHOICE_KEY);
  } catch {
    return null;
  }
}

function storeChoice(lang: string | null): void {
  try {
    if (lang === null) localStorage.removeItem(CHOICE_KEY);
    else localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // a kiosk profile without storage: the choice lasts until the page reloads
  }
}

function slots(view: RoomView, agentNow: number): { current?: Slot; next?: Slot } {
  const upcoming = view.snapshot?.upcoming ?? [];
  const current = upcoming.find((s) => s.start <= agentNow && agentNow < s.end);
  const next = upcoming.find((s) => s.start > agentNow && s !== current);
  return { ...(current === undefined ? {} : { current }), ...(next === undefined ? {} : { next }) };
}

export function App() {
  const { view, status } = useRoom();
  // ?lang= in the kiosk URL fixes the room's language on that screen; a teacher's pick lasts until the class ends.
  const fixed = new URLSearchParams(location.search).get('lang');
  const [chosen, setChosen] = useState<string | null>(storedChoice);
  const lang = pickLanguage([chosen, fixed, view.snapshot?.room.language]);
  const i18n = useI18n(lang);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<{ device: string; what: string } | undefined>();
  const [help, setHelp] = useState<{ state: HelpSending; at: number }>({ state: 'idle', at: 0 });
  const [error, setError] = useState<{ at: number } | undefined>();

  const snapshot = view.snapshot;
  const session = snapshot?.session;
  const devices = snapshot?.devices ?? [];
  const recorder = devices.find((d) => kindOf(d) === 'recorder');
  const active = session !== undefined && session.state !== 'idle';
  const inClass = session?.state === 'live' || session?.state === 'degraded';
  const recording = recorder?.state.recorder?.activity === 'recording';
  const now = useNow(active || recording ? 1000 : 15_000);
  const agentNow = now + view.clockOffsetMs;
  const controls = useControls(devices);

  const previousState = useRef(session?.state);
  useEffect(() => {
    if (previousState.current === 'ending' && session?.state === 'idle') {
      setChosen(null);
      storeChoice(null);
    }
    previousState.current = session?.state;
  }, [session?.state]);

  if (i18n === undefined) return null;
  if (snapshot === undefined || session === undefined) return <Waiting i18n={i18n} />;

  const { current, next } = slots(view, agentNow);
  const failed = (): void => setError({ at: Date.now() });
  const run = (what: () => Promise<unknown>): void => {
    setError(undefined);
    what().catch(failed);
  };
  const start = (): void => {
    setBusy(true);
    const details = current === undefined ? {} : { ...(current.course === undefined ? {} : { course: current.course }), ...(current.teacher === undefined ? {} : { teacher: current.teacher }) };
    run(() => post('/api/session/start', details).finally(() => setBusy(false)));
  };
  const end = (): void => {
    setBusy(true);
    run(() => post('/api/session/end').finally(() => setBusy(false)));
  };
  const deviceAction = (device: string, action: string, args?: Record<string, string | number | boolean>): void => {
    setPending({ device, what: typeof args?.preset === 'string' ? args.preset : action });
    run(() => post(`/api/devices/${encodeURIComponent(device)}/actions`, args === undefined ? { action } : { action, args }).finally(() => setPending(undefined)));
  };
  const callHelp = (): void => {
    setHelp({ state: 'sending', at: Date.now() });
    // The call's own state ("called 10:42", "acknowledged") comes from the agent.
    post('/api/help', {})
      .then(() => setHelp({ state: 'idle', at: Date.now() }))
      .catch(() => setHelp({ state: 'failed', at: Date.now() }));
  };
  const recordingState: Recording = recorder === undefined ? 'none' : recording ? 'recording' : 'not-recording';
  const startRecording = (): void => {
    if (recorder !== undefined) deviceAction(recorder.id, 'recorder.start');
  };

  const sessionRun = view.runs[session.state === 'ending' ? 'end-class' : 'start-class'];
  const shownRun = Object.values(view.runs).find((r) => r.status === 'running') ?? (session.state === 'starting' || session.state === 'ending' ? sessionRun : undefined);
  const problemSteps = view.runs[session.state === 'idle' ? 'end-class' : 'start-class']?.steps ?? [];
  const otherScenes = snapshot.scenes.filter((s) => !SESSION_SCENES.has(s.id));
  const helpSending = help.state === 'failed' && now - help.at > NOTE_MS ? 'idle' : help.state;
  const screens = devices.filter((d) => kindOf(d) === 'panel');
  const cameras = devices.filter((d) => kindOf(d) === 'camera');

  return (
    <div class="app">
      <Header
        i18n={i18n}
        roomName={snapshot.room.name}
        timeZone={snapshot.room.timezone}
        now={now}
        clockOffsetMs={view.clockOffsetMs}
        recorder={recorder}
        recorderSeenAt={recorder === undefined ? undefined : view.seenAt[recorder.id]}
        status={status}
        inClass={inClass}
        onLanguage={() => setPicking(true)}
      />
      {/* Three columns on a landscape panel: the class, the screen, the camera and help. */}
      <main class="layout">
        <div class="col col-class">
          {/* Keyed by state: a half-done "End the class?" question does not outlive the state it was asked in. */}
          <SessionPanel
            key={session.state}
            i18n={i18n}
            session={session}
            current={current}
            now={now}
            clockOffsetMs={view.clockOffsetMs}
            timeZone={snapshot.room.timezone}
            busy={busy || status !== 'open'}
            recording={recordingState}
            recorderReachable={recorder !== undefined && recorder.state.status !== 'offline'}
            startingRecording={recorder !== undefined && pending?.device === recorder.id}
            onStart={start}
            onEnd={end}
            onStartRecording={startRecording}
          />
          {shownRun !== undefined && <Progress i18n={i18n} run={shownRun} />}
          {shownRun === undefined && <Problems i18n={i18n} session={session} devices={devices} steps={problemSteps} />}
          {error !== undefined && now - error.at < NOTE_MS && (
            <p class="card error" role="alert">
              {i18n.t('action.failed')}
            </p>
          )}
          <NextSlot i18n={i18n} next={next} timeZone={snapshot.room.timezone} />
        </div>
        <div class="col col-screen">
          {screens.map((d) => (
            <ScreenCard key={d.id} i18n={i18n} panel={d} label={deviceLabel(i18n, d, devices)} controls={controls[d.id]} pending={pending?.device === d.id ? pending.what : undefined} onAction={(a, args) => deviceAction(d.id, a, args)} />
          ))}
          <Scenes i18n={i18n} scenes={otherScenes} onRun={(id) => run(() => post(`/api/scenes/${encodeURIComponent(id)}/run`, { wait: false }))} />
        </div>
        <div class="col col-side">
          {cameras.map((d) => (
            <CameraCard key={d.id} i18n={i18n} camera={d} label={deviceLabel(i18n, d, devices)} controls={controls[d.id]} pending={pending?.device === d.id ? pending.what : undefined} onPreset={(preset) => deviceAction(d.id, 'preset.goto', { preset })} />
          ))}
          <HelpButton i18n={i18n} call={snapshot.help} sending={helpSending} timeZone={snapshot.room.timezone} onCall={callHelp} />
        </div>
      </main>
      {picking && (
        <LanguageDialog
          i18n={i18n}
          onPick={(l) => {
            setChosen(l);
            storeChoice(l);
            setPicking(false);
          }}
          onClose={() => setPicking(false)}
        />
      )}
    </div>
  );
}

function Waiting({ i18n }: { i18n: I18n }) {
  return (
    <div class="app waiting">
      <p class="banner" role="status">
        {i18n.t('conn.connecting')}
      </p>
    </div>
  );
}
