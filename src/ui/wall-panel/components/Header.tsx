import type { I18n } from '@ui/i18n.ts';
import type { LiveStatus } from '@ui/live.ts';
import { RecordingBadge } from './RecordingBadge.tsx';
import type { DeviceInfo } from '@ui/room.ts';
import { clockTime } from '../texts.ts';
import { Icon } from './Icon.tsx';

interface Props {
  i18n: I18n;
  roomName: string | undefined;
  timeZone: string | undefined;
  now: number;
  clockOffsetMs: number;
  recorder: DeviceInfo | undefined;
  recorderSeenAt: number | undefined;
  status: LiveStatus;
  inClass: boolean;
  onLanguage(): void;
}

export function Header({ i18n, roomName, timeZone, now, clockOffsetMs, recorder, recorderSeenAt, status, inClass, onLanguage }: Props) {
  return (
    <header class="top">
      {/* Any room name: two lines at most, the rest cut (the controls below must stay on screen). */}
      <h1 class="room-name" data-clamp>
        {roomName ?? i18n.t('room.unnamed')}
      </h1>
      {recorder !== undefined && <RecordingBadge i18n={i18n} recorder={recorder} seenAt={recorderSeenAt ?? now} now={now} inClass={inClass} />}
      <time class="clock" aria-label={i18n.t('clock.label')} dateTime={new Date(now + clockOffsetMs).toISOString()}>
        {clockTime(i18n, now + clockOffsetMs, timeZone)}
      </time>
      <button type="button" class="btn btn-quiet lang-button" onClick={onLanguage} aria-haspopup="dialog">
        <Icon name="globe" />
        {i18n.t('lang.button')}
      </button>
      {status !== 'open' && (
        <p class="banner" role="status">
          {i18n.t(status === 'connecting' ? 'conn.connecting' : 'conn.lost')}
        </p>
      )}
    </header>
  );
}
