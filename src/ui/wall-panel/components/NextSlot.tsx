import type { I18n } from '@ui/i18n.ts';
import type { Slot } from '@ui/room.ts';
import { clockTime } from '../texts.ts';

/** The next class in the timetable. */
export function NextSlot({ i18n, next, timeZone }: { i18n: I18n; next: Slot | undefined; timeZone: string | undefined }) {
  return (
    <section class="card next" aria-labelledby="next-title">
      <h2 id="next-title">{i18n.t('class.next')}</h2>
      {next === undefined ? (
        <p class="muted">{i18n.t('class.nextNone')}</p>
      ) : (
        <p>
          <strong>{next.course ?? i18n.t('class.untitled')}</strong>
          {next.teacher !== undefined && <span> · {next.teacher}</span>}
          <br />
          <span class="muted">{i18n.t('class.time', { start: clockTime(i18n, next.start, timeZone), end: clockTime(i18n, next.end, timeZone) })}</span>
        </p>
      )}
    </section>
  );
}
