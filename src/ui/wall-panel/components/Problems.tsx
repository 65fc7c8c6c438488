import type { I18n } from '@ui/i18n.ts';
import type { DeviceInfo, Session, StepResult } from '@ui/room.ts';
import { problemSentence } from '../texts.ts';
import { Icon } from './Icon.tsx';

/** A plain sentence for each thing that failed, and that the class goes on. */
export function Problems({ i18n, session, devices, steps }: { i18n: I18n; session: Session; devices: readonly DeviceInfo[]; steps: readonly StepResult[] }) {
  const problems = session.problems ?? [];
  if (problems.length === 0) return null;
  const sentences = [...new Set(problems.map((p) => problemSentence(i18n, p, devices, steps)))];
  return (
    <section class="card problems" role="alert" data-testid="problems">
      {sentences.map((s) => (
        <p key={s} class="problem">
          <Icon name="warning" />
          {s}
        </p>
      ))}
      <p class="problem-after">{i18n.t(session.state === 'idle' ? 'problem.ended' : 'problem.continues')}</p>
    </section>
  );
}
