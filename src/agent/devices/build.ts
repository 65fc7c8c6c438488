import type { Logger } from 'pino';
import { formatPath, schemaProblems, type ConfigProblem } from '../../core/config/index.js';
import { ScError, messageOf, toScError } from '../../core/errors/index.js';
import { deviceLogger } from '../../core/logger.js';
import type { Driver, DriverDescriptor } from '../../drivers/driver.js';
import { loadProfile } from '../../drivers/displays/index.js';
import { DEFAULT_LOGIN_BACKOFF, type LoginBackoffSettings } from '../../drivers/login-backoff.js';
import type { HidBackend } from '../../transports/hid/types.js';
import { parseTarget } from '../../transports/index.js';
import type { DeviceConfig, RoomLoadedConfig } from '../config.js';

/** A device of the config: its driver instance, or why there is none (the device is then offline). */
export interface DevicePlan {
  config: DeviceConfig;
  descriptor?: DriverDescriptor;
  driver?: Driver;
  /** Why the driver could not be made (a driver this build does not have yet). */
  error?: ScError;
}

export interface BuildDevicesContext {
  config: RoomLoadedConfig;
  log: Logger;
  /** Where drivers come from; the registry of src/drivers by default (tests add their own). */
  findDriver(name: string): DriverDescriptor;
  /** devices/ folder for profiles (tests point elsewhere). */
  profilesDir?: string;
  /** Where USB HID drivers find their devices; node-hid when absent (the demo and tests pass a fake). */
  hid?: HidBackend;
}

/**
 * Turns the config's devices into driver instances. Problems a technician must fix in the
 * file (bad options, a bad target, a missing profile) are returned with their lines (and
 * thrown by validateRoom together with the rest); a driver that is not available makes that device offline, not the room.
 */
export function buildDevices(ctx: BuildDevicesContext): { plans: DevicePlan[]; problems: ConfigProblem[] } {
  const { config } = ctx;
  const problems: ConfigProblem[] = [];
  const problem = (path: (string | number)[], message: string): void => {
    problems.push({ file: config.file, ...config.locate(path), field: formatPath(path), message });
  };
  const plans: DevicePlan[] = [];
  const seen = new Set<string>();
  config.value.devices.forEach((device, i) => {
    const before = problems.length;
    if (seen.has(device.id)) problem(['devices', i, 'id'], `is "${device.id}" again, expected a device id used once`);
    seen.add(device.id);
    let descriptor: DriverDescriptor;
    try {
      descriptor = ctx.findDriver(device.driver);
    } catch (err) {
      plans.push({ config: device, error: toScError(err) });
      return;
    }
    const options = device.options ?? {};
    for (const p of schemaProblems(descriptor.optionsSchema, options)) problem(['devices', i, 'options', ...p.path], p.message);
    let target;
    try {
      target = parseTarget(device.target);
      if (!descriptor.targets.includes(target.kind)) {
        problem(['devices', i, 'target'], `is a ${target.kind} target, expected one of: ${descriptor.targets.join(', ')} (for driver ${descriptor.name})`);
      }
    } catch (err) {
      problem(['devices', i, 'target'], `${messageOf(err)}, expected a target such as serial:/dev/ttyUSB0?baud=9600 or tcp://host:port`);
    }
    let profile: Readonly<Record<string, unknown>> | undefined;
    if (device.profile !== undefined) {
      try {
        profile = loadProfile(device.profile, ctx.profilesDir).profile as unknown as Record<string, unknown>;
      } catch (err) {
        problem(['devices', i, 'profile'], messageOf(err));
      }
    }
    if (target === undefined || problems.length > before) {
      plans.push({ config: device, descriptor });
      return;
    }
    try {
      const driver = descriptor.create({
        id: device.id,
        target,
        options,
        log: deviceLogger(ctx.log, device.id, descriptor.name),
        pollIntervalMs: device.pollIntervalMs ?? descriptor.defaultPollIntervalMs,
        timeoutMs: device.timeoutMs ?? descriptor.defaultTimeoutMs,
        ...(device.username === undefined ? {} : { username: device.username }),
        ...(typeof device.password === 'string' ? { password: device.password } : {}),
        ...(profile === undefined ? {} : { profile }),
        ...(ctx.hid === undefined ? {} : { hid: ctx.hid }),
        ...(device.loginRetry === undefined ? {} : { loginBackoff: loginBackoffOf(device.loginRetry) }),
      });
      plans.push({ config: device, descriptor, driver });
    } catch (err) {
      plans.push({ config: device, descriptor, error: toScError(err) });
    }
  });
  return { plans, problems };
}

function loginBackoffOf(r: { firstSeconds?: number; maxSeconds?: number }): LoginBackoffSettings {
  const firstMs = (r.firstSeconds ?? DEFAULT_LOGIN_BACKOFF.firstMs / 1000) * 1000;
  return { firstMs, maxMs: Math.max(firstMs, (r.maxSeconds ?? DEFAULT_LOGIN_BACKOFF.maxMs / 1000) * 1000) };
}

/** The SC_ERR_AGENT_DEVICE_NOT_STARTED for a device that has no driver instance. */
export function notStarted(device: string, reason: string): ScError {
  return new ScError('SC_ERR_AGENT_DEVICE_NOT_STARTED', { device, reason });
}
