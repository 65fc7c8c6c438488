import type { Command } from 'commander';
import { Value } from '@sinclair/typebox/value';
import { createLogger, deviceLogger } from '../../core/logger.js';
import { ScError } from '../../core/errors/index.js';
import { schemaProblems, formatPath } from '../../core/config/index.js';
import type { DriverDescriptor } from '../../drivers/driver.js';
import { describeTarget, parseTarget } from '../../transports/target.js';
import { redactText } from '../../core/secrets.js';
import type { CliIo } from '../io.js';
import { parseSettings } from '../settings.js';

interface CtlOptions {
  set?: string[];
  json?: boolean;
  timeout?: string;
  seconds?: string;
  debug?: boolean;
}

function driverOptions(descriptor: DriverDescriptor, words: readonly string[]): Record<string, string | number | boolean> {
  const raw = parseSettings(words);
  // --set values arrive as text; convert them to the numbers and booleans the schema wants.
  const converted = Value.Convert(descriptor.optionsSchema, raw) as Record<string, string | number | boolean>;
  const problems = schemaProblems(descriptor.optionsSchema, converted);
  if (problems.length > 0) {
    const detail = problems.map((p) => `--set ${formatPath(p.path)}: ${p.message}`).join('; ');
    throw new ScError('SC_ERR_USAGE', { detail });
  }
  return converted;
}

function printHuman(io: CliIo, value: unknown, indent = ''): void {
  if (value === undefined || value === null) {
    io.out(`${indent}ok\n`);
    return;
  }
  if (typeof value !== 'object') {
    io.out(`${indent}${String(value)}\n`);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object') {
      io.out(`${indent}${k}:\n`);
      printHuman(io, v, `${indent}  `);
    } else io.out(`${indent}${k}: ${String(v)}\n`);
  }
}

export function registerCtl(program: Command, io: CliIo): void {
  program
    .command('ctl')
    .description('drive one device directly, as a technician with a laptop and a cable would')
    .argument('<driver>', 'samsung-mdc, lg, nec, philips-sicp, newline, profile, onvif, visca, extron-smp, pearl, hid-relay')
    .argument('<target>', 'serial:/dev/ttyUSB0?baud=9600, tcp://host:port, udp://host:port, http://user:pass@host/path, hid:vid:pid')
    .argument('<action>', 'what to do: power, input, volume, mute, status, ... (see the driver\'s list in the error when unknown)')
    .argument('[args...]', 'the action\'s values, e.g. "on" or "hdmi1"')
    .option('--set <key=value...>', 'driver options, e.g. --set id=1')
    .option('--json', 'print the result as JSON')
    .option('--timeout <ms>', 'reply timeout in ms')
    .option('--seconds <n>', 'how long to watch, for actions that watch (e.g. onvif events)')
    .addHelpText('after', '\nExamples:\n  classroom ctl samsung-mdc serial:/dev/ttyUSB0 power on --set id=1\n  classroom ctl lg tcp://10.0.0.5:9761 input hdmi1\n  classroom ctl nec tcp://10.0.0.6:7142 volume 30\n  classroom ctl onvif http://admin:pw@10.0.0.7/onvif/device_service presets')
    .action(async (driverName: string, targetText: string, action: string, args: string[], opts: CtlOptions) => {
      // Loaded on use: `classroom --help` and `config check` never pay for (or fail on) device libraries.
      const { findDriver } = await import('../../drivers/registry.js');
      const descriptor = findDriver(driverName);
      const target = parseTarget(targetText);
      if (!descriptor.targets.includes(target.kind)) {
        throw new ScError('SC_ERR_TARGET_INVALID', { target: redactText(targetText), reason: `${driverName} is reached over ${descriptor.targets.join(' or ')}, not ${target.kind}` });
      }
      const ctlAction = descriptor.ctl[action];
      if (ctlAction === undefined) {
        const known = Object.entries(descriptor.ctl).map(([name, a]) => `${name}${a.usage === '' ? '' : ` ${a.usage}`}`);
        throw new ScError('SC_ERR_USAGE', { detail: `${driverName} has no action "${action}"; it knows: ${known.join(', ')}` });
      }
      const timeoutMs = opts.timeout === undefined ? descriptor.defaultTimeoutMs : Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new ScError('SC_ERR_USAGE', { detail: `--timeout must be a number of ms, not ${String(opts.timeout)}` });
      const log = createLogger({ level: io.env.SC_LOG_LEVEL ?? (program.opts<{ debug?: boolean }>().debug === true ? 'debug' : 'warn'), toStderr: true });
      const driver = descriptor.create({
        id: target.kind === 'http' ? target.url.host : redactText(targetText),
        target,
        options: driverOptions(descriptor, opts.set ?? []),
        // The target as typed may hold a password (http://user:pass@camera): log the redacted form.
        log: deviceLogger(log, describeTarget(target), driverName),
        // One-shot: no background polling worth mentioning while the command runs.
        pollIntervalMs: 3_600_000,
        timeoutMs,
        ...(target.kind === 'http' && target.username !== undefined ? { username: target.username } : {}),
        ...(target.kind === 'http' && target.password !== undefined ? { password: target.password } : {}),
      });
      await driver.start();
      try {
        const seconds = opts.seconds === undefined ? undefined : Number(opts.seconds);
        if (seconds !== undefined && !(seconds > 0)) throw new ScError('SC_ERR_USAGE', { detail: `--seconds must be a positive number, not ${String(opts.seconds)}` });
        const result = await ctlAction.run(driver, args, seconds === undefined ? {} : { seconds });
        if (opts.json === true) io.out(`${JSON.stringify(result ?? { ok: true })}\n`);
        else printHuman(io, result);
      } finally {
        await driver.stop();
      }
    });
}
