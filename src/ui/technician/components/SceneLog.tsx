import type { I18n } from '@ui/i18n.ts';
import type { SceneRun } from '@ui/room.ts';
import type { SceneInfo } from '../types.ts';

interface Props {
  i18n: I18n;
  scenes: readonly SceneInfo[];
  /** Runs seen live since the page opened (newest wins over the agent's `last`). */
  runs: Readonly<Record<string, SceneRun>>;
}

/** Each scene's last run, step by step, with the device errors that stopped a step. */
export function SceneLog({ i18n, scenes, runs }: Props) {
  return (
    <section aria-labelledby="scenes-title">
      <h2 id="scenes-title">{i18n.t('scenes.title')}</h2>
      {scenes.map((scene) => {
        const live = runs[scene.id];
        const status = live?.status ?? scene.last?.status;
        const steps = live?.steps ?? scene.last?.steps ?? [];
        return (
          <article key={scene.id} class="scene">
            <h3>
              {scene.label ?? scene.id} <code class="muted">{scene.id}</code>{' '}
              {status === undefined ? <span class="muted small">{i18n.t('scenes.never')}</span> : <span class={`badge badge-${status}`}>{i18n.t(`scene.${status}`)}</span>}
            </h3>
            {scene.last !== undefined && live === undefined && (
              <p class="muted small">
                {i18n.t('scenes.lastRun', { when: i18n.dateTime(scene.last.startedAt), by: scene.last.by.name ?? scene.last.by.kind, seconds: Math.round(scene.last.durationMs / 100) / 10 })}
              </p>
            )}
            {steps.length > 0 && (
              <table class="steps cards">
                <thead>
                  <tr>
                    <th scope="col">{i18n.t('scenes.step')}</th>
                    <th scope="col">{i18n.t('scenes.device')}</th>
                    <th scope="col">{i18n.t('scenes.status')}</th>
                    <th scope="col">{i18n.t('scenes.attempts')}</th>
                    <th scope="col">{i18n.t('scenes.duration')}</th>
                    <th scope="col">{i18n.t('scenes.error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {steps.map((s) => (
                    <tr key={s.index}>
                      <td>
                        {s.name} <code class="muted small">{s.action}</code>
                      </td>
                      <td data-label={i18n.t('scenes.device')}>{s.device ?? '–'}</td>
                      <td data-label={i18n.t('scenes.status')}>
                        <span class={`badge badge-${s.status}`}>{i18n.t(`step.${s.status}`)}</span>
                      </td>
                      <td class="num" data-label={i18n.t('scenes.attempts')}>
                        {i18n.number(s.attempts)}
                      </td>
                      <td class="num" data-label={i18n.t('scenes.duration')}>
                        {i18n.t('devices.ms', { ms: s.durationMs })}
                      </td>
                      <td data-label={i18n.t('scenes.error')}>
                        {s.error === undefined ? (
                          '–'
                        ) : (
                          <>
                            <code>{s.error.code}</code> {s.error.message}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </article>
        );
      })}
    </section>
  );
}
