import { useState } from 'preact/hooks';
import type { I18n } from '@ui/i18n.ts';
import type { Session, Slot } from '@ui/room.ts';
import { clockTime, secondsSince } from '../texts.ts';

interface Props {
  i18n: I18n;
  session: Session;
  /** The timetable slot running now, if any (shown before the class is started). */
  current: Slot | undefined;
  now: number;
  clockOffsetMs: number;
  timeZone: string | undefined;
  busy: boolean;
  onStart(): void;
  onEnd(): void;
}

/** The big control: what is on, who teaches it, for how long, and Start / End. */
export function SessionPanel({ i18n, session, current, now, clockOffsetMs, timeZone, busy, onStart, onEnd }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { state } = session;
  const running = state === 'live' || state === 'degraded';
  const course = running || state === 'ending' ? session.course : (current?.course ?? session.course);
  const teacher = running || state === 'ending' ? session.teacher : (current?.teacher ?? session.teacher);
  const slot = running ? session.slot : current;
  const elapsed = secondsSince(session.since, now, clockOffsetMs);

  let control;
  if (state === 'idle') {
    control = (
      <button type="button" class="btn btn-huge btn-start" disabled={busy} onClick={onStart}>
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
            onEnd();
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
    control = (
      <button type="button" class="btn btn-huge btn-end" disabled={busy} onClick={() => setConfirming(true)}>
        {i18n.t('action.end')}
      </button>
    );
  } else {
    control = (
      <button type="button" class="btn btn-huge btn-wait" disabled aria-busy="true">
        {i18n.t(state === 'starting' ? 'action.starting' : 'action.ending')}
      </button>
    );
  }

  return (
    <section class="card session" aria-labelledby="session-title">
      <div class="session-head">
        <h2 id="session-title" class={`state state-${state}`} data-testid="session-state" data-state={state}>
          {running && <span class="live-dot" aria-hidden="true" />}
          {i18n.t(`session.${state}`)}
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
          {slot !== undefined && (
            <dd class="slot-time">{i18n.t('class.time', { start: clockTime(i18n, slot.start, timeZone), end: clockTime(i18n, slot.end, timeZone) })}</dd>
          )}
        </dl>
      ) : (
        state === 'idle' && <p class="muted">{i18n.t('class.none')}</p>
      )}
      {control}
    </section>
  );
}
