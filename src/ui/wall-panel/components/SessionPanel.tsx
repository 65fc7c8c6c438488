import { useState } from 'preact/hooks';
import type { I18n } from '@ui/i18n.ts';
import type { Session, Slot } from '@ui/room.ts';
import { clockTime, secondsSince } from '../texts.ts';
import { Icon } from './Icon.tsx';

/** The room's recorder while a class runs: recording, not recording (and whether it can be asked to), or none in the room. */
export type Recording = 'recording' | 'not-recording' | 'none';

interface Props {
  i18n: I18n;
  session: Session;
  /** The timetable slot running now, if any (shown before the class is started). */
  current: Slot | undefined;
  now: number;
  clockOffsetMs: number;
  timeZone: string | undefined;
  busy: boolean;
  recording: Recording;
  /** The recorder answers, so Start recording can be tried. */
  recorderReachable: boolean;
  /** Start recording was pressed and has not answered yet. */
  startingRecording: boolean;
  onStart(): void;
  onEnd(): void;
  onStartRecording(): void;
}

/**
 * The big control: what is on, who teaches it, for how long, and Start / End. A class that is
 * not being recorded says so in its title ("Live – NOT recording") and offers Start recording.
 */
export function SessionPanel(props: Props) {
  const { i18n, session, current, now, clockOffsetMs, timeZone, busy, recording } = props;
  const [confirming, setConfirming] = useState(false);
  const { state } = session;
  const running = state === 'live' || state === 'degraded';
  const notRecording = running && recording === 'not-recording';
  const course = running || state === 'ending' ? session.course : (current?.course ?? session.course);
  const teacher = running || state === 'ending' ? session.teacher : (current?.teacher ?? session.teacher);
  const slot = running ? session.slot : current;
  const elapsed = secondsSince(session.since, now, clockOffsetMs);

  let control;
  if (state === 'idle') {
    control = (
      <button type="button" class="btn btn-huge btn-start" disabled={busy} onClick={props.onStart}>
        {i18n.t('action.start')}
      </button>
    );
  } else if (running && confirming) {
    control = (
      <div class="confirm" role="group" aria-label={i18n.t('action.confirmEnd')}>
        <p class="confirm-q">{i18n.t('action.confirmEnd')}</p>
        <button
          type="button"
          class="btn btn-big btn-end"
          onClick={() => {
            setConfirming(false);
            props.onEnd();
          }}
        >
          {i18n.t('action.confirmYes')}
        </button>
        <button type="button" class="btn btn-big btn-quiet" onClick={() => setConfirming(false)} autoFocus>
          {i18n.t('action.confirmNo')}
        </button>
      </div>
    );
  } else if (running) {
    const end = (
      <button type="button" class={`btn btn-end ${notRecording ? 'btn-big' : 'btn-huge'}`} disabled={busy} onClick={() => setConfirming(true)}>
        {i18n.t('action.end')}
      </button>
    );
    control = notRecording ? (
      <div class="pair">
        <button type="button" class="btn btn-big btn-record" data-testid="start-recording" disabled={busy || props.startingRecording || !props.recorderReachable} aria-busy={props.startingRecording} onClick={props.onStartRecording}>
          <Icon name="record" />
          {i18n.t(props.startingRecording ? 'rec.startingNow' : 'rec.start')}
        </button>
        {end}
      </div>
    ) : (
      end
    );
  } else {
    control = (
      <button type="button" class="btn btn-huge btn-wait" disabled aria-busy="true">
        {i18n.t(state === 'starting' ? 'action.starting' : 'action.ending')}
      </button>
    );
  }

  return (
    <section class={`card session${notRecording ? ' is-not-recording' : ''}`} aria-labelledby="session-title">
      <div class="session-head">
        <h2 id="session-title" class={`state state-${notRecording ? 'not-recording' : state}`} data-testid="session-state" data-state={state} data-recording={running ? (notRecording ? 'no' : recording === 'recording' ? 'yes' : 'none') : undefined}>
          {running && <span class="live-dot" aria-hidden="true" />}
          {i18n.t(notRecording ? 'session.notRecording' : `session.${state}`)}
        </h2>
        {running && (
          <p class="elapsed" data-testid="elapsed">
            <span class="sr-only">{i18n.t('session.elapsed')} </span>
            <span dir="ltr">{i18n.elapsed(elapsed)}</span>
          </p>
        )}
      </div>
      {course !== undefined || teacher !== undefined ? (
        <dl class="class-info">
          <dt>{i18n.t('class.course')}</dt>
          <dd class="course">{course ?? i18n.t('class.untitled')}</dd>
          {teacher !== undefined && (
            <>
              <dt>{i18n.t('class.teacher')}</dt>
              <dd>{teacher}</dd>
            </>
          )}
          {slot !== undefined && <dd class="slot-time">{i18n.t('class.time', { start: clockTime(i18n, slot.start, timeZone), end: clockTime(i18n, slot.end, timeZone) })}</dd>}
        </dl>
      ) : (
        state === 'idle' && <p class="muted">{i18n.t('class.none')}</p>
      )}
      {control}
    </section>
  );
}
