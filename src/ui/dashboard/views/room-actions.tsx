import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { endpoints } from '../api/endpoints.js';
import type { CommandDto, RoomDetailDto, RoomSummaryDto } from '../api/types.js';
import { Section } from '../components/bits.js';
import { useApp } from '../context.js';

interface CommandRequest {
  action: string;
  device?: string;
  args?: Record<string, string | number | boolean>;
}

/**
 * The remote actions this user's role allows and this room accepts, nothing else: an action
 * the user cannot send is not shown at all. Results arrive on the live stream (the audit
 * record settles when the room replies) and are listed below the buttons.
 */
export function RoomActions({ root, summary, detail, commands }: { root: string; summary: RoomSummaryDto; detail: RoomDetailDto | undefined; commands: CommandDto[] }) {
  const { i18n, api, me } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [scene, setScene] = useState('');
  const allowed = (action: string) => me.actions.includes(action) && (detail?.remoteAllow.includes(action) ?? false);
  const session = summary.session ?? 'idle';
  const active = session === 'live' || session === 'starting' || session === 'degraded';

  const send = async (req: CommandRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(endpoints.sendCommand(root), req);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  const buttons = [
    allowed('session.end') && active ? (
      <button key="end" class="danger" data-action="session.end" disabled={busy || !summary.online} onClick={() => void send({ action: 'session.end' })}>
        {i18n.t('actions.endClass')}
      </button>
    ) : null,
    allowed('session.start') && !active ? (
      <button key="start" data-action="session.start" disabled={busy || !summary.online} onClick={() => void send({ action: 'session.start' })}>
        {i18n.t('actions.startClass')}
      </button>
    ) : null,
    allowed('rebirth') ? (
      <button key="rebirth" class="secondary" data-action="rebirth" disabled={busy || !summary.online} onClick={() => void send({ action: 'rebirth' })}>
        {i18n.t('actions.rebirth')}
      </button>
    ) : null,
  ].filter((b) => b !== null);
  const scenes = allowed('scene.run') ? (detail?.scenes ?? []) : [];

  // Until the room's detail is here, what it accepts is unknown: offer nothing, say nothing.
  if (detail === undefined) {
    return (
      <Section title={i18n.t('room.actions')} testId="room-actions">
        <p class="muted">{i18n.t('app.loading')}</p>
      </Section>
    );
  }
  if (buttons.length === 0 && scenes.length === 0) {
    return (
      <Section title={i18n.t('room.actions')} testId="room-actions">
        <p class="muted" data-testid="no-actions">
          {i18n.t('actions.none')}
        </p>
        <CommandLog commands={commands} />
      </Section>
    );
  }
  return (
    <Section title={i18n.t('room.actions')} testId="room-actions">
      <div class="actions">{buttons}</div>
      {scenes.length > 0 ? (
        <form
          class="actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (scene !== '') void send({ action: 'scene.run', args: { scene } });
          }}
        >
          <select aria-label={i18n.t('actions.scene')} value={scene} onChange={(e) => setScene((e.target as HTMLSelectElement).value)}>
            <option value="">{i18n.t('actions.pickScene')}</option>
            {scenes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label ?? s.id}
              </option>
            ))}
          </select>
          <button type="submit" data-action="scene.run" disabled={busy || scene === '' || !summary.online}>
            {i18n.t('actions.runScene')}
          </button>
        </form>
      ) : null}
      {!summary.online ? <p class="muted small">{i18n.t('actions.offline')}</p> : null}
      {error !== undefined ? (
        <p class="bad" role="alert">
          {error}
        </p>
      ) : null}
      <CommandLog commands={commands} />
    </Section>
  );
}

function CommandLog({ commands }: { commands: CommandDto[] }) {
  const { i18n } = useApp();
  if (commands.length === 0) return null;
  return (
    <ul class="plain commands" data-testid="command-log">
      {commands.slice(0, 8).map((c) => (
        <li key={c.id} data-action={c.action} data-result={c.result}>
          <span class="muted">{i18n.time(c.at)}</span> <b>{i18n.t(`action.${c.action}`)}</b> · {c.user} ·{' '}
          <span class={c.result === 'ok' ? 'ok' : c.result === 'pending' ? 'muted' : 'bad'}>{i18n.t(`result.${c.result}`)}</span>
          {c.error !== undefined ? <span class="bad small"> ({c.error.code}: {c.error.message})</span> : null}
        </li>
      ))}
    </ul>
  );
}
