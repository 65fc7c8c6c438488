import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { Agent } from '../../agent/agent.js';
import type { RoomLoadedConfig } from '../../agent/config.js';
import { checkPasswordStrength, hashPassword } from '../../core/passwords.js';
import { LOG_LEVELS, LogRing, type LogLevelName } from '../../agent/logs.js';
import { RotatingLogFile } from '../../core/log-file.js';
import { loadConfigFile, type RoomConfig } from '../../core/config/index.js';
import { ScError } from '../../core/errors/index.js';
import { createLogger } from '../../core/logger.js';
import type { CliIo } from '../io.js';
import { waitForSignal } from '../signals.js';
import { VERSION } from '../version.js';

interface AgentOptions {
  config?: string;
  host?: string;
  port?: string;
  dataDir?: string;
  logLevel?: string;
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ScError('SC_ERR_USAGE', { detail: `--port must be a port number, not ${value}` });
  return n;
}

/** Reads the password: hidden typing on a terminal, else the first line of stdin (for scripts). */
function readPassword(io: CliIo): Promise<string> {
  const input = process.stdin;
  return new Promise((resolvePassword, reject) => {
    // On a terminal readline echoes what is typed to its output: a sink, so the password stays unseen.
    const sink = new Writable({ write: (_chunk, _enc, done) => done() });
    const rl = createInterface({ input, output: sink, terminal: input.isTTY === true });
    if (input.isTTY === true) io.err('Technician password: ');
    rl.once('line', (line) => {
      // Resolve before closing: close() emits 'close' at once, which would otherwise reject first.
      resolvePassword(line);
      if (input.isTTY === true) io.err('\n');
      rl.close();
    });
    rl.once('close', () => reject(new ScError('SC_ERR_USAGE', { detail: 'no password given on standard input' })));
  });
}

async function passwd(io: CliIo): Promise<void> {
  const password = await readPassword(io);
  checkPasswordStrength(password);
  io.out(`${await hashPassword(password)}\n`);
}

async function runAgent(io: CliIo, opts: AgentOptions): Promise<void> {
  if (opts.config === undefined) throw new ScError('SC_ERR_USAGE', { detail: 'classroom agent needs --config FILE (a room config)' });
  const file = resolve(io.cwd, opts.config);
  const config: RoomLoadedConfig = loadConfigFile<RoomConfig>(file, { kind: 'room', env: io.env });
  const level = (opts.logLevel ?? config.value.log?.level ?? 'info') as LogLevelName;
  if (!(level in LOG_LEVELS)) throw new ScError('SC_ERR_USAGE', { detail: `--log-level must be one of ${Object.keys(LOG_LEVELS).join(', ')}` });
  const logFile = config.value.log?.file;
  const sink = logFile === undefined ? undefined : new RotatingLogFile({ path: logFile, maxBytes: config.value.log?.maxBytes ?? 10 * 2 ** 20, keep: config.value.log?.keep ?? 5 });
  const ring = new LogRing(2000, (line) => (sink === undefined ? process.stdout.write(line) : sink.write(line)), level);
  // pino lets everything through; the ring applies the level, which the technician page can change.
  const log = createLogger({ level: 'trace', destination: ring, name: 'agent' });
  const port = portOf(opts.port);
  const agent = new Agent({
    config,
    log,
    version: VERSION,
    logs: ring,
    listen: { ...(opts.host === undefined ? {} : { host: opts.host }), ...(port === undefined ? {} : { port }) },
    ...(opts.dataDir === undefined ? {} : { dataDir: resolve(io.cwd, opts.dataDir) }),
  });
  // A signal during start still stops cleanly once start has finished.
  const signal = waitForSignal();
  try {
    await agent.start();
  } catch (err) {
    await agent.stop();
    throw err;
  }
  log.info({ url: agent.address }, 'agent listening');
  const received = await signal;
  log.info({ signal: received }, 'signal received');
  await agent.stop();
  log.flush();
}

export function registerAgent(program: Command, io: CliIo): void {
  const agent = program
    .command('agent')
    .description('run the classroom agent: devices, scenes, session, timetable, local HTTP API')
    .option('--config <file>', 'the room config (YAML)')
    .option('--host <address>', 'address for the local HTTP API (default: http.host of the config, else 127.0.0.1)')
    .option('--port <port>', 'port for the local HTTP API (0 = any free port; default: http.port of the config, else 8080)')
    .option('--data-dir <dir>', 'where the timetable cache and state live (default: dataDir of the config)')
    .option('--log-level <level>', 'trace, debug, info, warn or error (default: log.level of the config)')
    .action((opts: AgentOptions) => runAgent(io, opts));
  agent
    .command('passwd')
    .description('print a scrypt hash of a technician password for http.technicianPasswordHash')
    .action(() => passwd(io));
  program
    .command('passwd')
    .description('print a scrypt hash of a technician password for http.technicianPasswordHash (same as `classroom agent passwd`)')
    .action(() => passwd(io));
}
