import type { I18n } from '@ui/i18n.ts';
import { Icon } from './Icon.tsx';

export type HelpState = 'idle' | 'sending' | 'sent' | 'failed';

/** "Call technician": the agent raises a help event with the room's state attached. */
export function HelpButton({ i18n, state, onCall }: { i18n: I18n; state: HelpState; onCall(): void }) {
  return (
    <div class="help">
      <button type="button" class="btn btn-big btn-help" disabled={state === 'sending'} onClick={onCall}>
        <Icon name="phone" />
        {i18n.t(state === 'sending' ? 'help.sending' : 'help.button')}
      </button>
      <p class={`help-note${state === 'failed' ? ' is-error' : ''}`} role="status" data-testid="help-status">
        {state === 'sent' ? i18n.t('help.sent') : state === 'failed' ? i18n.t('help.failed') : ''}
      </p>
    </div>
  );
}
