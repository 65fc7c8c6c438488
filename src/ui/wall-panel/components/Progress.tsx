import type { I18n } from '@ui/i18n.ts';
import type { SceneRun } from '@ui/room.ts';
import { stepLabel } from '../texts.ts';

const MARK: Readonly<Record<string, string>> = { ok: '✓', failed: '✕', skipped: '–', interrupted: '✕', running: '…', retrying: '↻', pending: '·' };

/** Step by step while a scene runs: what is being done now and what is done. */
export function Progress({ i18n, run }: { i18n: I18n; run: SceneRun }) {
  const title = run.scene === 'start-class' ? 'progress.start' : run.scene === 'end-class' ? 'progress.end' : 'progress.scene';
  const pct = run.total === 0 ? 0 : Math.round((100 * run.done) / run.total);
  return (
    <section class="card progress" aria-labelledby="progress-title" data-testid="progress">
      <h2 id="progress-title">{i18n.t(title)}</h2>
      <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={run.done} aria-label={i18n.t('progress.count', { done: run.done, total: run.total })}>
        <div class="bar-fill" style={{ inlineSize: `${pct}%` }} />
      </div>
      <ol class="steps" aria-live="polite">
        {run.steps.map((step) => (
          <li key={step.index} class={`step step-${step.status}`}>
            <span class="step-mark" aria-hidden="true">
              {MARK[step.status] ?? '·'}
            </span>
            <span class="step-name">{stepLabel(i18n, step)}</span>
            <span class="sr-only">: {i18n.t(`step.status.${step.status}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
