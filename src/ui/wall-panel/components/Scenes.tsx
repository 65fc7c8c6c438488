import type { I18n } from '@ui/i18n.ts';

interface Props {
  i18n: I18n;
  scenes: readonly { id: string; label?: string; running: boolean }[];
  onRun(id: string): void;
}

/** The room's other scenes (lights down, presentation, ...); labels come from the room config. */
export function Scenes({ i18n, scenes, onRun }: Props) {
  if (scenes.length === 0) return null;
  return (
    <section class="card scenes" aria-labelledby="scenes-title">
      <h2 id="scenes-title">{i18n.t('scenes.title')}</h2>
      <div class="grid-buttons">
        {scenes.map((s) => (
          <button key={s.id} type="button" class="btn btn-tile" disabled={s.running} aria-busy={s.running} onClick={() => onRun(s.id)}>
            {s.label ?? s.id}
            {s.running && <span class="muted small"> · {i18n.t('scenes.running')}</span>}
          </button>
        ))}
      </div>
    </section>
  );
}
