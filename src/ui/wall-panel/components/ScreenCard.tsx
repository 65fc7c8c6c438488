import type { I18n } from '@ui/i18n.ts';
import type { DeviceInfo } from '@ui/room.ts';
import { shownOptions, type Controls } from '../controls.ts';
import { tOr } from '@ui/languages.ts';
import { inputLabel } from '../texts.ts';
import { Icon } from './Icon.tsx';

interface Props {
  i18n: I18n;
  panel: DeviceInfo;
  /** Its name for the teacher (deviceLabel). */
  label: string;
  controls: Controls | undefined;
  pending: string | undefined;
  onAction(action: string, args?: Record<string, string | number | boolean>): void;
}

const STEP = 5;

/** What the screen shows and how loud it is. */
export function ScreenCard({ i18n, panel, label, controls, pending, onAction }: Props) {
  const { state } = panel;
  const offline = state.status === 'offline';
  const off = state.power === 'off' || state.power === 'standby';
  const busy = pending !== undefined;
  const volume = state.volume;
  const caps = panel.capabilities;
  const inputs = shownOptions(controls?.inputs ?? [], (i) => i, controls?.featured ?? [], state.input, (i) => tOr(i18n, `input.${i}`, '') !== '');
  return (
    <section class="card screen" aria-labelledby={`panel-${panel.id}`}>
      <h2 id={`panel-${panel.id}`}>{label}</h2>
      {offline && <p class="muted">{i18n.t('panel.offline')}</p>}
      {!offline && off && <p class="muted">{i18n.t('panel.off')}</p>}
      {caps.includes('input') && inputs.length > 0 && (
        <div class="grid-buttons" role="group" aria-label={i18n.t('panel.input')}>
          {inputs.map((input) => {
            const current = state.input === input;
            return (
              <button key={input} type="button" class={`btn btn-tile${current ? ' is-current' : ''}`} aria-pressed={current} disabled={offline || busy} onClick={() => onAction('input.select', { input })}>
                {inputLabel(i18n, input)}
              </button>
            );
          })}
        </div>
      )}
      {caps.includes('volume') && (
        // The level wraps rather than being cut ("Громкость 20"); the buttons keep their size.
        <div class="volume" role="group" aria-label={i18n.t('panel.volume')}>
          <p class="volume-level" aria-live="polite">
            {state.muted === true ? i18n.t('panel.muted') : volume === undefined ? '–' : i18n.t('panel.volumeLevel', { level: volume })}
          </p>
          <button type="button" class="btn btn-round" aria-label={i18n.t('panel.volumeDown')} disabled={offline || busy || volume === undefined} onClick={() => onAction('volume.set', { level: Math.max(0, (volume ?? 0) - STEP) })}>
            <Icon name="minus" />
          </button>
          <button type="button" class="btn btn-round" aria-label={i18n.t('panel.volumeUp')} disabled={offline || busy || volume === undefined} onClick={() => onAction('volume.set', { level: Math.min(100, (volume ?? 0) + STEP) })}>
            <Icon name="plus" />
          </button>
          <button
            type="button"
            class="btn btn-round btn-quiet"
            aria-label={i18n.t(state.muted === true ? 'panel.unmute' : 'panel.mute')}
            aria-pressed={state.muted === true}
            disabled={offline || busy}
            onClick={() => onAction(state.muted === true ? 'volume.unmute' : 'volume.mute')}
          >
            <Icon name={state.muted === true ? 'muted' : 'sound'} />
          </button>
        </div>
      )}
    </section>
  );
}
