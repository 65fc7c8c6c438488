import type { I18n } from '@ui/i18n.ts';
import type { DeviceInfo } from '@ui/room.ts';

interface Props {
  i18n: I18n;
  recorder: DeviceInfo;
  /** When the recorder's state arrived: its elapsed time counts on from there. */
  seenAt: number;
  now: number;
  /** A class is running: not recording is then a warning, not a fact. */
  inClass: boolean;
}

/** The red dot and the running time of the recording, or why there is none. */
export function RecordingBadge({ i18n, recorder, seenAt, now, inClass }: Props) {
  const { state } = recorder;
  const activity = state.status === 'offline' ? 'offline' : (state.recorder?.activity ?? 'unknown');
  const elapsed = state.recorder?.elapsedSeconds;
  const running = activity === 'recording' && elapsed !== undefined ? elapsed + Math.max(0, Math.floor((now - seenAt) / 1000)) : elapsed;
  return (
    <p class={`rec rec-${activity}${inClass && activity !== 'recording' ? ' rec-alert' : ''}`} role="status" data-testid="recording">
      <span class="rec-dot" aria-hidden="true" />
      <span>{i18n.t(`rec.${activity}`)}</span>
      {(activity === 'recording' || activity === 'paused') && running !== undefined && <span class="rec-time">{i18n.elapsed(running)}</span>}
    </p>
  );
}
