import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ScError } from '../../core/errors/index.js';
import { createLogger } from '../../core/logger.js';
import { Demo, type DemoReady } from '../../demo/demo.js';
import type { CliIo } from '../io.js';
import { waitForSignal } from '../signals.js';
import { VERSION } from '../version.js';

interface DemoCliOptions {
  rooms: string;
  broker?: string;
  httpPort: string;
  mqttPort: string;
  data?: string;
  teachers: boolean;
  faults: boolean;
  pace: string;
  json?: boolean;
  logLevel: string;
}

function intOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ScError('SC_ERR_USAGE', { detail: `${name} must be a whole number from ${min} to ${max}, not ${value}` });
  return n;
}

function paceOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0.1 || n > 10_000) throw new ScError('SC_ERR_USAGE', { detail: `--pace must be a number from 0.1 to 10000, not ${value}` });
  return n;
}

function forPeople(r: DemoReady, o: { dataDir: string; pace: number }): string {
  const lines = [
    '',
    `Smart Classroom demo: ${r.rooms.length} classrooms in ${new Set(r.rooms.map((x) => x.id.split('/')[2])).size} countries are running (${(r.startMs / 1000).toFixed(1)} s).`,
    '',
    `  Fleet dashboard   ${r.dashboard}`,
    `  admin login       ${r.admin.user} / ${r.admin.password}`,
    `  operator login    ${r.operator.user} / ${r.operator.password}`,
    `  MQTT broker       ${r.mqtt}`,
    '',
    'A few classrooms (wall panel, then technician page):',
    ...r.rooms.slice(0, 4).flatMap((room) => [`  ${room.name}`, `    ${room.wallPanel}`, `    ${room.technician}`]),
    '',
    ...(r.failed.length === 0 ? [] : [`${r.failed.length} room(s) did not start; see the logs. First: ${r.failed[0]?.root ?? ''}: ${r.failed[0]?.error ?? ''}`, '']),
    `Data and logs: ${o.dataDir}${o.pace === 1 ? '' : `   (simulated time runs ${o.pace}x)`}`,
    'Press Ctrl-C to stop everything.',
    '',
  ];
  return lines.join('\n');
}

async function runDemo(io: CliIo, opts: DemoCliOptions): Promise<void> {
  const dataDir = resolve(io.cwd, opts.data ?? join(homedir(), '.smart-classroom-demo'));
  const rooms = intOption('--rooms', opts.rooms, 1, 5000);
  const pace = paceOption(opts.pace);
  if (opts.broker !== undefined && !/^mqtts?:\/\//.test(opts.broker)) throw new ScError('SC_ERR_USAGE', { detail: `--broker must be an mqtt:// or mqtts:// URL, not ${opts.broker}` });
  const log = createLogger({ level: opts.logLevel, file: { path: join(dataDir, 'logs', 'fleet.log'), maxBytes: 20 * 1024 * 1024, keep: 2 }, name: 'demo' });
  const json = opts.json === true;
  const demo = new Demo({
    rooms,
    dataDir,
    httpPort: intOption('--http-port', opts.httpPort, 0, 65535),
    mqttPort: intOption('--mqtt-port', opts.mqttPort, 0, 65535),
    ...(opts.broker === undefined ? {} : { brokerUrl: opts.broker }),
    teachers: opts.teachers,
    faults: opts.faults,
    pace,
    log,
    logLevel: opts.logLevel,
    version: VERSION,
    onProgress: (what) => {
      if (!json) io.err(`demo: ${what}\n`);
    },
  });
  // A Ctrl-C while starting still stops whatever has started.
  const signal = waitForSignal();
  const started = demo.start();
  const first = await Promise.race([started.then((r) => ({ ready: r })), signal.then((s) => ({ signal: s }))]).catch(async (err: unknown) => {
    await demo.stop();
    throw err;
  });
  if ('signal' in first) {
    await started.catch(() => undefined);
    await demo.stop();
    return;
  }
  const ready = first.ready;
  if (json) {
    const { failed: _failed, workers: _workers, startMs: _startMs, rssBytes: _rss, ...line } = ready;
    io.out(`${JSON.stringify({ ...line, failed: ready.failed.length, startMs: ready.startMs, rssBytes: ready.rssBytes, workers: ready.workers })}\n`);
  } else {
    io.out(forPeople(ready, { dataDir, pace }));
  }
  log.info({ rooms: ready.rooms.length, startMs: ready.startMs, rssBytes: ready.rssBytes }, 'demo ready');
  await signal;
  if (!json) io.err('demo: stopping (rooms, then the fleet)\n');
  await demo.stop();
  if (!json) io.err('demo: stopped\n');
  log.flush();
}

export function registerDemo(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description('run the whole system on this machine: the fleet, its dashboard and simulated classrooms (real agents, simulated devices)')
    .option('--rooms <n>', 'how many simulated classrooms', '40')
    .option('--broker <url>', 'use this MQTT broker instead of the embedded one (mqtt://host:port)')
    .option('--http-port <port>', 'port of the fleet dashboard (0 = any free port)', '8090')
    .option('--mqtt-port <port>', 'port of the embedded MQTT broker (0 = any free port)', '1883')
    .option('--data <dir>', 'where the fleet store, room configs and logs go (default ~/.smart-classroom-demo)')
    .option('--no-teachers', 'no simulated teachers: classes start only when someone presses Start')
    .option('--no-faults', 'no simulated device failures')
    .option('--pace <x>', 'simulated time runs this many times faster (timetables, teachers, faults)', '1')
    .option('--json', 'print one JSON line when everything is ready (for scripts and tests)')
    .option('--log-level <level>', 'level of the JSON logs in DATA/logs/', 'info')
    .action((opts: DemoCliOptions) => runDemo(io, opts));
}
