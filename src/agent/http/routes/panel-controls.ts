import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DeviceControlsSchema } from '../../../contract/room.js';
import { messageOf } from '../../../core/errors/index.js';
import { withTimeout } from '../../../core/with-timeout.js';
import { IdParam, errorReplies } from '../schemas.js';
import type { RouteOptions } from './common.js';

const Params = Type.Object({ id: IdParam }, { additionalProperties: false });

/** A slow camera must not hold the wall panel: its positions are shown when they arrive. */
const PRESETS_TIMEOUT_MS = 5000;


interface StepLike {
  device?: unknown;
  action?: unknown;
  args?: Record<string, unknown>;
  parallel?: StepLike[];
}

/** Inputs and camera positions the room's scenes select on `device`, in the order they appear. */
function featuredIn(config: unknown, device: string): string[] {
  const scenes = (config as { scenes?: Record<string, { steps?: StepLike[] }> } | undefined)?.scenes ?? {};
  const out: string[] = [];
  const visit = (step: StepLike): void => {
    for (const inner of step.parallel ?? []) visit(inner);
    if (step.device !== device) return;
    const value = step.action === 'input.select' ? step.args?.input : step.action === 'preset.goto' ? step.args?.preset : undefined;
    if (typeof value === 'string' && !out.includes(value)) out.push(value);
  };
  for (const scene of Object.values(scenes)) for (const step of scene.steps ?? []) visit(step);
  return out;
}

/** What the wall panel draws buttons from: a panel's inputs and a camera's saved positions. */
export const panelControlRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps }) => {
  app.get<{ Params: Static<typeof Params> }>('/api/devices/:id/controls', {
    schema: { summary: "a device's inputs and camera positions, for the wall panel's buttons", tags: ['devices'], params: Params, response: { 200: DeviceControlsSchema, ...errorReplies } },
    handler: async (request) => {
      const { id } = request.params;
      const info = deps.devices.info(id);
      const driver = deps.devices.driver(id);
      const out: Static<typeof DeviceControlsSchema> = { featured: featuredIn(deps.configView?.(), id) };
      if (driver.input !== undefined) out.inputs = [...driver.input.list()];
      if (driver.presets !== undefined && info.state.status !== 'offline') {
        try {
          out.presets = (await withTimeout(driver.presets.list(), { ms: PRESETS_TIMEOUT_MS, awaited: 'the camera positions' })).map((p) => ({ token: p.token, name: p.name }));
        } catch (err) {
          out.presets = [];
          out.presetsError = messageOf(err);
        }
      }
      return out;
    },
  });
  return Promise.resolve();
};
