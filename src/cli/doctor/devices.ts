import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { deviceLogger } from '../../core/logger.js';
import { messageOf, toScError } from '../../core/errors/index.js';
import { parseTarget, type Target } from '../../transports/target.js';
import { fail, ok, type Check, type CheckOutcome, type CheckResult, type DoctorContext } from './types.js';

async function groupName(gid: number): Promise<string> {
  try {
    const line = (await readFile('/etc/group', 'utf8')).split('\n').find((l) => l.split(':')[2] === String(gid));
    return line?.split(':')[0] ?? String(gid);
  } catch {
    return String(gid);
  }
}

/** Present, and openable by the user the agent runs as (this process). */
export async function serialPortCheck(path: string): Promise<CheckResult> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return fail(`${path} does not exist`, 'Check the USB-serial adapter is plugged in; `classroom discover --serial` lists the ports (prefer /dev/serial/by-id/... paths, which do not change between boots).');
  }
  try {
    await access(path, constants.R_OK | constants.W_OK);
  } catch {
    const group = await groupName(info.gid);
    const user = process.env.USER ?? 'the service user';
    return fail(
      `${path} exists but this user may not open it (mode ${(info.mode & 0o777).toString(8)}, group ${group})`,
      `Add the user to that group: usermod -aG ${group} ${user} (the installer adds smart-classroom to dialout), then restart the service.`,
    );
  }
  return ok(`${path} is present and may be opened`);
}

async function deviceReachable(ctx: DoctorContext, device: { id: string; driver: string; target: string; options?: Record<string, string | number | boolean>; timeoutMs?: number; username?: string; password?: string }, target: Target): Promise<CheckResult> {
  const { allDrivers } = await import('../../drivers/registry.js');
  const descriptor = allDrivers().find((d) => d.name === device.driver);
  if (descriptor === undefined) return fail(`no driver "${device.driver}" in this version`, 'Check the driver name in the config (classroom config check lists the known ones).');
  const driver = descriptor.create({
    id: device.id,
    target,
    options: device.options ?? {},
    log: deviceLogger(ctx.log, device.id, device.driver),
    pollIntervalMs: 3_600_000,
    timeoutMs: device.timeoutMs ?? Math.min(descriptor.defaultTimeoutMs, ctx.timeoutMs),
    ...(device.username === undefined ? {} : { username: device.username }),
    ...(device.password === undefined ? {} : { password: device.password }),
  });
  try {
    await driver.start();
    const state = driver.state();
    if (state.status === 'online' || state.status === 'degraded') {
      const extra = [state.model, state.firmware].filter((x) => x !== undefined).join(', ');
      return ok(`answers in ${state.latencyMs ?? '?'} ms${extra === '' ? '' : ` (${extra})`}`);
    }
    const code = state.lastError?.code ?? 'SC_ERR_DEVICE_OFFLINE';
    return fail(`${code}: ${state.reason ?? 'does not answer'}`, 'Check power, cable and address; `classroom ctl` drives the device directly to narrow it down.');
  } catch (err) {
    const e = toScError(err);
    return fail(`${e.code}: ${e.message}`, e.hint ?? 'Check the device.');
  } finally {
    await driver.stop().catch((err: unknown) => ctx.log.debug({ err: messageOf(err) }, 'stop failed'));
  }
}

export const devices: Check = {
  id: 'devices',
  title: 'Devices',
  async run(ctx) {
    const config = ctx.config?.value;
    if (config === undefined) return { status: 'skip', detail: 'needs a valid config' };
    const outcomes: CheckOutcome[] = [];
    for (const device of config.devices) {
      const started = ctx.now();
      const push = (id: string, title: string, r: CheckResult) => outcomes.push({ id, title, ms: ctx.now() - started, ...r });
      let target: Target;
      try {
        target = parseTarget(device.target);
      } catch (err) {
        push(`device:${device.id}`, `${device.id}: target`, fail(messageOf(err), 'Fix the target in the config.'));
        continue;
      }
      if (target.kind === 'serial') {
        const port = await serialPortCheck(target.path);
        push(`serial:${device.id}`, `${device.id}: serial port ${target.path}`, port);
        if (port.status === 'fail') continue;
      }
      push(`device:${device.id}`, `${device.id} (${device.driver}) reachable`, await deviceReachable(ctx, device, target));
    }
    return outcomes;
  },
};
