import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, REPO_ROOT, runCliBinary } from '../helpers/cli.js';
import { createLogger } from '../../src/core/logger.js';
import { displaysSimulators } from '../../src/simulators/displays/index.js';
import type { RunningSimulator } from '../../src/simulators/registry.js';
import { freePort, makeCertificates, requireBinary, startAedes, startPtyPair, tempDir, waitForPort, type AedesBroker } from '../helpers/index.js';

interface Outcome {
  id: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

const ROOM_USER = 'ke-site-a-room-1';
const ROOM_PASSWORD = 'room-password-from-env';

function roomConfig(devices: string, uplinkUrl?: string, extraUplink = ''): string {
  const uplink = uplinkUrl === undefined ? '' : `uplink:\n  url: ${uplinkUrl}\n  username: ${ROOM_USER}\n  password: \${env:SC_MQTT_PASSWORD}\n${extraUplink}`;
  const scenes = 'scenes:\n  start-class:\n    steps:\n      - action: wait\n        args: { ms: 1 }\n  end-class:\n    steps:\n      - action: wait\n        args: { ms: 1 }\n';
  return `schemaVersion: 1\nroom:\n  id: room-1\n  country: ke\n  site: site-a\ndevices:${devices === '' ? ' []' : `\n${devices}`}\n${scenes}${uplink}`;
}

async function publishFleetStatus(url: string, ts: number): Promise<void> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 4, username: 'fleet', password: 'fleet-pw', reconnectPeriod: 0 });
  await client.publishAsync('sc/v1/fleet/status', JSON.stringify({ online: true, ts }), { qos: 1, retain: true });
  await client.endAsync();
}

describe('classroom doctor', () => {
  const dir = tempDir();
  let broker: AedesBroker;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    chmodSync(dir.path, 0o755);
    broker = await startAedes({
      authenticate: (_client, username, password, done) => {
        const ok = (username === ROOM_USER && password?.toString() === ROOM_PASSWORD) || (username === 'fleet' && password?.toString() === 'fleet-pw');
        if (ok) done(null, true);
        else done(Object.assign(new Error('Bad username or password'), { returnCode: 4 }) as unknown as Parameters<typeof done>[0], false);
      },
    });
  });
  afterAll(async () => {
    await broker.close();
    dir.remove();
  });
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  async function doctor(config: string, name: string, runAs?: number): Promise<{ code: number; checks: Outcome[]; text: string }> {
    const file = join(dir.path, `${name}.yaml`);
    writeFileSync(file, config);
    chmodSync(file, 0o644);
    const env = { SC_MQTT_PASSWORD: ROOM_PASSWORD };
    let run;
    if (runAs === undefined) {
      run = await runCliBinary(['doctor', '--config', file, '--json', '--timeout', '2000'], { env });
    } else {
      const setpriv = requireBinary('setpriv', 'util-linux');
      run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(setpriv, [`--reuid=${runAs}`, `--regid=${runAs}`, '--clear-groups', process.execPath, CLI_BIN, 'doctor', '--config', file, '--json', '--timeout', '2000'], { cwd: REPO_ROOT, env: { ...env, PATH: process.env.PATH ?? '', USER: 'nobody' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    }
    let parsed: { healthy: boolean; checks: Outcome[] };
    try {
      parsed = JSON.parse(run.stdout) as { healthy: boolean; checks: Outcome[] };
    } catch {
      throw new Error(`doctor printed no JSON (exit ${run.code}): ${run.stdout}${run.stderr}`);
    }
    return { code: run.code, checks: parsed.checks, text: run.stderr };
  }

  const find = (checks: Outcome[], id: string): Outcome => {
    const found = checks.find((c) => c.id === id);
    if (found === undefined) throw new Error(`no check ${id} in ${JSON.stringify(checks.map((c) => c.id))}`);
    return found;
  };

  async function startPanelSimulator(): Promise<RunningSimulator> {
    const panel = displaysSimulators.find((d) => d.device === 'panel');
    if (panel === undefined) throw new Error('no panel simulator');
    const sim = await panel.start({ protocol: 'samsung-mdc', tcpPort: 0, host: '127.0.0.1', log: createLogger({ level: 'silent' }), settings: { power: 'on' } });
    closers.push(() => sim.stop());
    return sim;
  }

  async function startAgent(file: string, port: number): Promise<void> {
    const child = spawn(process.execPath, [CLI_BIN, 'agent', '--config', file], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', SC_MQTT_PASSWORD: ROOM_PASSWORD }, stdio: 'ignore' });
    closers.push(async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    });
    await waitForPort(port);
  }

  it('reports a healthy simulated room (panel answering, agent running, broker, credentials, fleet, clock) with exit 0', async () => {
    await publishFleetStatus(broker.url, Date.now());
    const sim = await startPanelSimulator();
    const httpPort = await freePort();
    const config = `${roomConfig(`  - id: panel\n    driver: samsung-mdc\n    target: ${sim.targets[0] ?? ''}\n    options:\n      id: 1`, broker.url)}http:\n  host: 127.0.0.1\n  port: ${httpPort}\ndataDir: ${join(dir.path, 'data')}\n`;
    const file = join(dir.path, 'healthy-agent.yaml');
    writeFileSync(file, config);
    chmodSync(file, 0o644);
    await startAgent(file, httpPort);
    const { code, checks } = await doctor(config, 'healthy');
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(find(checks, 'config').status).toBe('ok');
    expect(find(checks, 'device:panel')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^answers in \d+ ms/) });
    expect(find(checks, 'agent')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/1 device\(s\) online, 0 offline/) });
    expect(find(checks, 'broker').status).toBe('ok');
    expect(find(checks, 'credentials')).toMatchObject({ status: 'ok', detail: `user ${ROOM_USER} logged in` });
    expect(find(checks, 'fleet').status).toBe('ok');
    expect(find(checks, 'skew').status).toBe('ok');
    expect(code).toBe(0);
  });

  it('names a device that does not answer', async () => {
    const port = await freePort();
    const { code, checks } = await doctor(roomConfig(`  - id: panel\n    driver: samsung-mdc\n    target: tcp://127.0.0.1:${port}\n    timeoutMs: 300`), 'dead-device');
    expect(find(checks, 'device:panel')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^SC_ERR_TCP_CONNECT|^SC_ERR_LINK_DOWN/) });
    expect(find(checks, 'device:panel').fix).toMatch(/classroom ctl/);
    expect(code).toBe(1);
  });

  it('names a configured keypad or relay that is not plugged in', async () => {
    const { code, checks } = await doctor(roomConfig('  - id: tally\n    driver: hid-relay\n    target: hid:16c0:05df'), 'hid-missing');
    expect(find(checks, 'hid')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/tally \(hid:16c0:05df\), but no keypad or relay is plugged in/) });
    expect(code).toBe(1);
  });

  it('names a missing serial port, with the fix, and exits non-zero', async () => {
    const { code, checks } = await doctor(roomConfig('  - id: panel\n    driver: samsung-mdc\n    target: serial:/dev/serial/by-id/usb-not-plugged-in?baud=9600'), 'missing-port');
    expect(find(checks, 'serial:panel')).toMatchObject({ status: 'fail', detail: '/dev/serial/by-id/usb-not-plugged-in does not exist' });
    expect(find(checks, 'serial:panel').fix).toMatch(/classroom discover --serial/);
    expect(code).toBe(1);
  });

  it('names a serial port this user may not open, with the group to join', async () => {
    const pair = await startPtyPair();
    closers.push(pair.close);
    chmodSync(pair.realA, 0o600);
    const { code, checks } = await doctor(roomConfig(`  - id: panel\n    driver: samsung-mdc\n    target: serial:${pair.realA}`), 'no-permission', 65534);
    const port = find(checks, 'serial:panel');
    expect(port.status).toBe('fail');
    expect(port.detail).toMatch(/exists but this user may not open it \(mode 600, group \w+\)/);
    expect(port.fix).toMatch(/usermod -aG \w+ nobody/);
    expect(code).toBe(1);
  });

  it('names a broker that is down', async () => {
    const port = await freePort();
    const { code, checks } = await doctor(roomConfig('', `mqtt://127.0.0.1:${port}`), 'broker-down');
    expect(find(checks, 'broker')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/127\.0\.0\.1:\d+ is not reachable: .*ECONNREFUSED/) });
    expect(find(checks, 'broker').fix).toMatch(/keeps working offline/);
    expect(code).toBe(1);
  });

  it('names credentials the broker refuses', async () => {
    const config = roomConfig('', broker.url).replace(`username: ${ROOM_USER}`, 'username: ke-site-a-room-2');
    const { code, checks } = await doctor(config, 'bad-credentials');
    expect(find(checks, 'credentials')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/refused user ke-site-a-room-2/) });
    expect(find(checks, 'credentials').fix).toMatch(/rotate the room credentials/);
    expect(code).toBe(1);
  });

  it('names an expired broker certificate', async () => {
    const certs = makeCertificates(tempDir('sc-certs-').path, { expired: true });
    const server: TlsServer = createTlsServer({ cert: certs.cert, key: certs.key }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    chmodSync(certs.caFile, 0o644);
    const { code, checks } = await doctor(roomConfig('', `mqtts://127.0.0.1:${port}`, `  ca_file: ${certs.caFile}\n`), 'expired-cert');
    expect(find(checks, 'tls')).toMatchObject({ status: 'fail', detail: 'the broker certificate expired on 2021-01-01' });
    expect(find(checks, 'tls').fix).toMatch(/renew/);
    expect(code).toBe(1);
  });

  it('names a clock that is off against the fleet', async () => {
    await publishFleetStatus(broker.url, Date.now() - 3600_000);
    const { code, checks } = await doctor(roomConfig('', broker.url), 'skew');
    expect(find(checks, 'skew')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/about 36\d\d s ahead of the fleet/) });
    expect(find(checks, 'skew').fix).toMatch(/timedatectl set-ntp true/);
    expect(code).toBe(1);
  });

  it('prints a readable report with the fix under each failure', async () => {
    const file = join(dir.path, 'readable.yaml');
    writeFileSync(file, roomConfig('  - id: panel\n    driver: samsung-mdc\n    target: serial:/dev/ttyNOPE0'));
    const run = await runCliBinary(['doctor', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}FAIL {2}panel: serial port \/dev\/ttyNOPE0: \/dev\/ttyNOPE0 does not exist$/m);
    expect(run.stdout).toMatch(/^ {8}fix: Check the USB-serial adapter/m);
    expect(run.stdout).toMatch(/\d+ ok, \d+ warning\(s\), 1 failure\(s\), \d+ skipped/);
  });
});
