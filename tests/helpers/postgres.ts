import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { stopChild, track } from './children.js';
import { freePort, waitForPort } from './ports.js';
import { tempDir } from './tmp.js';

/** Debian keeps the server binaries off PATH, one folder per major version. */
const PG_BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

export interface PostgresServer {
  port: number;
  /** The superuser's password (scram-sha-256 over TCP). */
  password: string;
  /** `postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres` */
  url: string;
  /** The URL of another database on this server (created with `createDatabase`). */
  urlFor(database: string, options?: { user?: string; password?: string }): string;
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown), keeping its data: for outage tests. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** What the server logged, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

function pgBinary(name: string): string {
  for (const dir of PG_BIN_DIRS) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`This test needs PostgreSQL's \`${name}\`, which is not installed. Install it with: apt-get install -y postgresql`);
}

/**
 * initdb and postgres refuse to run as root. As root, the server runs as `nobody` through setpriv
 * (its own data dir, chowned to it); as any other user, as that user.
 */
function asServerUser(bin: string, args: string[]): { command: string; args: string[]; uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return { command: bin, args };
  const ids = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  const uid = Number(ids.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root needs the user `nobody` to start PostgreSQL');
  return { command: '/usr/bin/setpriv', args: [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', bin, ...args], uid, gid };
}

/**
 * A real PostgreSQL server of the test's own: initdb into a temp dir, listening on a free
 * loopback port only (no Unix socket outside its dir), fsync off (tests, not durability).
 * Removed on close(), and killed with the test worker if a test leaves it running.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const initdb = pgBinary('initdb');
  const postgres = pgBinary('postgres');
  const dir = tempDir('sc-pg-');
  const data = join(dir.path, 'data');
  const password = randomBytes(12).toString('hex');
  const pwFile = join(dir.path, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  const plan = asServerUser(initdb, []);
  if (plan.uid !== undefined && plan.gid !== undefined) {
    chownSync(dir.path, plan.uid, plan.gid);
    chownSync(pwFile, plan.uid, plan.gid);
  }
  const init = asServerUser(initdb, ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C.UTF-8']);
  const done = spawnSync(init.command, init.args, { encoding: 'utf8' });
  if (done.status !== 0) {
    dir.remove();
    throw new Error(`initdb failed: ${done.stderr || done.stdout}`);
  }
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async (): Promise<void> => {
    const run = asServerUser(postgres, [
      '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir.path,
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
    ]);
    const proc = spawn(run.command, run.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    track(proc);
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child = proc;
    try {
      await waitForPort(port, '127.0.0.1', 30_000);
    } catch (err) {
      await stopChild(proc, 'SIGKILL');
      throw new Error(`postgres did not start: ${output}`, { cause: err });
    }
  };
  const stop = async (): Promise<void> => {
    // SIGINT is PostgreSQL's fast shutdown: sessions are closed, data is kept.
    if (child !== undefined) await stopChild(child, 'SIGINT', 10_000);
    child = undefined;
  };
  await start();

  const urlFor = (database: string, options: { user?: string; password?: string } = {}): string =>
    `postgres://${options.user ?? 'postgres'}:${encodeURIComponent(options.password ?? password)}@127.0.0.1:${port}/${database}`;

  return {
    port,
    password,
    url: urlFor('postgres'),
    urlFor,
    async createDatabase(name: string): Promise<string> {
      const psql = pgBinary('psql');
      const res = spawnSync(psql, ['-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${name.replaceAll('"', '')}"`, urlFor('postgres')], {
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`could not create database ${name}: ${res.stderr}`);
      return urlFor(name);
    },
    stop,
    start,
    log: () => output,
    close: async () => {
      await stop();
      dir.remove();
    },
  };
}
