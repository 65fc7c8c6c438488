import type { I18n } from '@ui/i18n.ts';
import type { DeviceInfo } from '@ui/room.ts';
import { shownOptions, type Controls } from '../controls.ts';
import { usePresetSnapshots } from '../snapshots.ts';

interface Props {
  i18n: I18n;
  camera: DeviceInfo;
  /** Its name for the teacher (deviceLabel). */
  label: string;
  controls: Controls | undefined;
  pending: string | undefined;
  onPreset(preset: string): void;
}

/** Camera positions as large buttons, with the picture last seen there; the one the camera is at is marked. */
export function CameraCard({ i18n, camera, label, controls, pending, onPreset }: Props) {
  const offline = camera.state.status === 'offline';
  const shots = usePresetSnapshots(camera);
  const presets = shownOptions(controls?.presets ?? [], (p) => p.name, controls?.featured ?? [], camera.state.preset, () => false);
  return (
    <section class="card camera" aria-labelledby={`cam-${camera.id}`}>
      <h2 id={`cam-${camera.id}`}>{label}</h2>
      {offline && <p class="muted">{i18n.t('camera.offline')}</p>}
      {!offline && controls !== undefined && presets.length === 0 && <p class="muted">{i18n.t('camera.none')}</p>}
      <div class="grid-buttons" role="group" aria-label={i18n.t('camera.presets')}>
        {presets.map((p) => {
          const current = camera.state.preset === p.name || camera.state.preset === p.token;
          const shot = shots[p.name] ?? shots[p.token];
          return (
            <button
              key={p.token}
              type="button"
              class={`btn btn-tile${current ? ' is-current' : ''}${shot === undefined ? '' : ' has-shot'}`}
              style={shot === undefined ? undefined : { backgroundImage: `url("${shot}")` }}
              aria-pressed={current}
              aria-busy={pending === p.name}
              disabled={offline || pending !== undefined}
              onClick={() => onPreset(p.name)}
            >
              <span class={shot === undefined ? undefined : 'tile-label'}>{p.name}</span>
            </button>
          );
        })}
      </div>
    </section>
  );
}
