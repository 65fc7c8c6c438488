import { ScError } from '../../../core/errors/index.js';
import type { Preset, PresetsCapability, PtzVector } from '../../capabilities.js';
import type { OnvifClient } from './client.js';
import * as ops from './operations.js';

export interface OnvifPresetsSettings {
  device: string;
  profile(): Promise<[OnvifClient, string]>;
  options: { arrivalTimeoutMs: number; arrivalPollMs: number };
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** The camera settled; `offPosition` when it stands away from the preset's stored position (a warning). */
  onArrived(preset: string, position: PtzVector, offPosition?: ScError): void;
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

const fmt = (v: PtzVector): string => `pan ${v.pan.toFixed(3)}, tilt ${v.tilt.toFixed(3)}, zoom ${v.zoom.toFixed(3)}`;

/**
 * Presets with arrival: GotoPreset returns as soon as the camera accepted it, long before it
 * stops, so `goto` polls PTZ status and settles on the camera's own move status: MOVING then
 * IDLE, or IDLE for two polls (cameras without MoveStatus: the same position twice). The
 * preset's stored position is not a condition: GetPresets and GetStatus often differ in
 * coordinate space or rounding, so a camera idle elsewhere is reported as a warning in state.
 * The goto fails only when the camera refuses (a SOAP fault), reports a PTZ error, or is still
 * moving after `arrivalTimeoutMs`.
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
      const stored = preset.position;
      const off =
        stored === undefined || near(position, stored)
          ? undefined
          : new ScError('SC_ERR_CAMERA_PRESET_OFF_POSITION', { device: this.s.device, preset: preset.name, at: fmt(position), stored: fmt(stored) });
      this.s.onArrived(preset.name, position, off);
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
    const target = `preset "${preset.name}"`;
    let sawMoving = false;
    let idlePolls = 0;
    let previous: PtzVector | undefined;
    let last = 'UNKNOWN';
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, arrivalPollMs));
      const status = await ops.ptzStatus(c, profile);
      last = status.moveStatus;
      if (status.error !== undefined) throw new ScError('SC_ERR_CAMERA_PTZ_ERROR', { device: this.s.device, target, error: status.error });
      if (status.moving) {
        sawMoving = true;
        idlePolls = 0;
        previous = undefined;
        continue;
      }
      if (status.moveStatus !== 'UNKNOWN') {
        // The camera says it is idle: after having moved, or twice in a row, it has arrived.
        idlePolls += 1;
        if (sawMoving || idlePolls >= 2) return status.position;
        continue;
      }
      // No MoveStatus at all (Hikvision): at the stored position, or the same position twice.
      if (preset.position !== undefined && near(status.position, preset.position)) return status.position;
      if (previous !== undefined && near(previous, status.position)) return status.position;
      previous = status.position;
    }
    throw new ScError('SC_ERR_CAMERA_NOT_ARRIVED', { device: this.s.device, target, ms: arrivalTimeoutMs, moveStatus: last });
  }
}
