import type { I18n } from '@ui/i18n.ts';
import type { HelpState } from '@ui/room.ts';
import { clockTime } from '../texts.ts';
import { Icon } from './Icon.tsx';

/** What the browser knows of its own press: the request in flight, or that it did not go through. */
export type HelpSending = 'idle' | 'sending' | 'failed';

interface Props {
  i18n: I18n;
  /** The agent's open call: when it was made, whether the fleet acknowledged it. */
  call: HelpState | undefined;
  sending: HelpSending;
  timeZone: string | undefined;
  onCall(): void;
}

/**
 * "Call technician", and the call's own state under it: "Technician called 10:42", then
 * "... acknowledged" once someone at the fleet acknowledged the alert. A teacher may call again.
 */
export function HelpButton({ i18n, call, sending, timeZone, onCall }: Props) {
  const state = sending === 'failed' ? 'failed' : call === undefined ? 'idle' : call.acknowledged === undefined ? 'called' : 'acknowledged';
  const time = call === undefined ? '' : clockTime(i18n, call.ts, timeZone);
  return (
    <div class="help">
      <button type="button" class="btn btn-big btn-help" disabled={sending === 'sending'} onClick={onCall}>
        <Icon name="phone" />
        {i18n.t(sending === 'sending' ? 'help.sending' : 'help.button')}
      </button>
      <p class={`help-note help-${state}`} role="status" data-testid="help-status" data-state={state}>
        {state === 'acknowledged' && <Icon name="check" />}
        {state === 'failed' ? i18n.t('help.failed') : state === 'called' ? i18n.t('help.called', { time }) : state === 'acknowledged' ? i18n.t('help.acknowledged', { time }) : ''}
      </p>
    </div>
  );
}
