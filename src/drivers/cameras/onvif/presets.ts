import { ScError } from '../../../core/errors/index.js';
import type { Preset, PresetsCapability, PtzVector } from '../../capabilities.js';
import type { OnvifClient } from './client.js';
import * as ops from './operations.js';

export interface OnvifPresetsSettings {
  device: string;
  profile(): Promise<[OnvifClient, string]>;
  options: { arrivalTimeoutMs: number; arrivalPollMs: number };
  run<T>(fn: () => Promise<T>): Promise<T>;
  onArrived(preset: string, position: PtzVector): void;
}

const TOLERANCE = 0.01;
const near = (a: PtzVector, b: PtzVector): boolean =>
  Math.abs(a.pan - b.pan) <= TOLERANCE && Math.abs(a.tilt - b.tilt) <= TOLERANCE && Math.abs(a.zoom - b.zoom) <= TOLERANCE;

/** Finds a preset by token, then exact name, then name ignoring case. */
export function findPreset<T extends Preset>(list: readonly T[], nameOrToken: string): T | undefined {
  return (
    list.find((p) => p.token === nameOrToken) ??
    list.find((p) => p.name === nameOrToken) ??
    list.find((p) => p.name.toLowerCase() === nameOrToken.toLowerCase())
  );
}

/**
 * Presets with arrival: GotoPreset returns as soon as the camera accepted it, long before it
 * stops, so `goto` polls PTZ status until the camera is idle at the preset's position (or,
 * when the camera does not report preset positions, idle after having moved, or idle twice
 * at the same place).
 */
export class OnvifPresets implements PresetsCapability {
  constructor(private readonly s: OnvifPresetsSettings) {}

  list(): Promise<Preset[]> {
    return this.s.run(async () => {
      const [c, token] = await this.s.profile();
      return (await ops.presets(c, token)).map((p) => ({ token: p.token, name: p.name }));
    });
  }

  goto(nameOrToken: string): Promise<void> {
    return this.s.run(async () => {
      const [c, token] = await this.s.profile();
      const preset = await this.resolve(c, token, nameOrToken);
      await ops.gotoPreset(c, token, preset.token);
      const position = await this.waitArrival(c, token, preset);
      this.s.onArrived(preset.name, position);
    });
  }

  save(name: string): Promise<Preset> {
    return this.s.run(async () => {
      const [c, token] = await this.s.profile();
      // Saving an existing name overwrites that preset instead of adding a twin.
      const existing = (await ops.presets(c, token)).find((p) => p.name === name);
      const saved = await ops.setPreset(c, token, name, existing?.token);
      return { token: saved, name };
    });
  }

  remove(nameOrToken: string): Promise<void> {
    return this.s.run(async () => {
      const [c, token] = await this.s.profile();
      const preset = await this.resolve(c, token, nameOrToken);
      await ops.removePreset(c, token, preset.token);
    });
  }

  private async resolve(c: OnvifClient, profile: string, nameOrToken: string): Promise<ops.OnvifPreset> {
    const list = await ops.presets(c, profile);
    const found = findPreset(list, nameOrToken);
    if (found === undefined) {
      const known = list.slice(0, 12).map((p) => p.name).join(', ') + (list.length > 12 ? `, ... (${list.length} in all)` : '');
      throw new ScError('SC_ERR_CAMERA_PRESET_UNKNOWN', { device: this.s.device, preset: nameOrToken, known: known || '(none)' });
    }
    return found;
  }

  private async waitArrival(c: OnvifClient, profile: string, preset: ops.OnvifPreset): Promise<PtzVector> {
    const { arrivalTimeoutMs, arrivalPollMs } = this.s.options;
    const deadline = Date.now() + arrivalTimeoutMs;
    let sawMoving = false;
    let previous: PtzVector | undefined;
    let last = 'UNKNOWN';
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, arrivalPollMs));
      const status = await ops.ptzStatus(c, profile);
      last = status.moveStatus;
      if (status.moving) {
        sawMoving = true;
        previous = undefined;
        continue;
      }
      if (preset.position !== undefined) {
        if (near(status.position, preset.position) || sawMoving) return status.position;
        continue;
      }
      if (sawMoving || (previous !== undefined && near(previous, status.position))) return status.position;
      previous = status.position;
    }
    throw new ScError('SC_ERR_CAMERA_NOT_ARRIVED', { device: this.s.device, target: `preset "${preset.name}"`, ms: arrivalTimeoutMs, moveStatus: last });
  }
}
