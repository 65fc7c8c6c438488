import { ConfigError, loadConfigFile, type RoomConfig } from '../../core/config/index.js';
import { toScError } from '../../core/errors/index.js';
import { fail, ok, skip, type Check } from './types.js';

export const configValid: Check = {
  id: 'config',
  title: 'Room config valid',
  async run(ctx) {
    if (ctx.configFile === undefined) return skip('no --config given: device and uplink checks are skipped');
    try {
      const loaded = loadConfigFile<RoomConfig>(ctx.configFile, { env: ctx.env, kind: 'room' });
      const { checkRoomConfig } = await import('../../agent/check.js');
      checkRoomConfig(loaded as Parameters<typeof checkRoomConfig>[0]);
      ctx.config = loaded;
    } catch (err) {
      if (err instanceof ConfigError) {
        const first = err.problems[0];
        const where = first === undefined ? '' : ` first: ${first.file}:${first.line}:${first.col} ${first.field}: ${first.message}`;
        return fail(`${err.problems.length} problem(s) in ${ctx.configFile};${where}`, `Run classroom config check --resolve ${ctx.configFile} and fix each line.`);
      }
      const e = toScError(err);
      return fail(`${e.code}: ${e.message}`, e.hint ?? `Check ${ctx.configFile}.`);
    }
    const room = ctx.config.value.room;
    return ok(`sc/v1/${room.country}/${room.site}/${room.id}, ${ctx.config.value.devices.length} device(s)`);
  },
};
