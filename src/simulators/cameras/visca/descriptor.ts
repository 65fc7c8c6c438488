import { ScError } from '../../../core/errors/index.js';
import type { RunningSimulator, SimulatorDescriptor, SimulatorOptions } from '../../registry.js';
import { ViscaCameraSim, type ViscaSimSettings } from './camera.js';
import { listenControl } from './control.js';
import { listenPty, listenTcp, listenUdp, type Endpoint } from './servers.js';

function num(settings: Readonly<Record<string, string>>, key: string, fallback: number, lo: number, hi: number): number {
  const v = settings[key];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) throw new ScError('SC_ERR_USAGE', { detail: `--set ${key} must be a number from ${lo} to ${hi}, not ${v}` });
  return n;
}

function flag(settings: Readonly<Record<string, string>>, key: string, fallback: boolean): boolean {
  const v = settings[key];
  if (v === undefined) return fallback;
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw new ScError('SC_ERR_USAGE', { detail: `--set ${key} must be on or off, not ${v}` });
}

export function viscaSimSettings(s: Readonly<Record<string, string>>): ViscaSimSettings {
  return {
    address: num(s, 'address', 1, 1, 7),
    panRate: num(s, 'panRate', 100, 1, 100_000),
    tiltRate: num(s, 'tiltRate', 60, 1, 100_000),
    zoomRate: num(s, 'zoomRate', 16_384, 1, 1_000_000),
    panLimit: num(s, 'panLimit', 2448, 1, 0x7fff),
    tiltLimit: num(s, 'tiltLimit', 1296, 1, 0x7fff),
    zoomLimit: num(s, 'zoomLimit', 0x4000, 1, 0xffff),
    powerOnMs: num(s, 'powerOnMs', 500, 0, 60_000),
    execMs: num(s, 'execMs', 20, 0, 10_000),
    power: flag(s, 'power', true),
  };
}

export interface RunningViscaSimulator extends RunningSimulator {
  camera: ViscaCameraSim;
}

/**
 * `classroom simulate camera --visca`: UDP (Sony header unless `--set header=off`) on `--port`,
 * raw TCP on `--tcp`, a PTY pair with `--pty`; UDP 52381 when nothing is chosen.
 */
export async function startVisca(o: SimulatorOptions): Promise<RunningViscaSimulator> {
  const s = o.settings;
  const camera = new ViscaCameraSim(viscaSimSettings(s), o.log);
  camera.switches.dropNext = num(s, 'drop', 0, 0, 1_000_000);
  camera.switches.garbage = flag(s, 'garbage', false);
  camera.switches.silent = flag(s, 'silent', false);
  const header = flag(s, 'header', true);
  const endpoints: Endpoint[] = [];
  try {
    if (o.port !== undefined || (o.tcpPort === undefined && o.pty !== true)) endpoints.push(await listenUdp(camera, o.host, o.port ?? 52381, header, o.log));
    if (o.tcpPort !== undefined) endpoints.push(await listenTcp(camera, o.host, o.tcpPort));
    if (o.pty === true) endpoints.push(await listenPty(camera));
  } catch (err) {
    for (const e of endpoints) await e.stop();
    camera.stop();
    throw err;
  }
  const controlPort = s.control === undefined ? undefined : num(s, 'control', 0, 0, 65535);
  const control = controlPort === undefined ? undefined : await listenControl(camera, o.host, controlPort);
  const udp = endpoints.find((e) => e.target.startsWith('udp:'));
  return {
    camera,
    targets: endpoints.map((e) => e.target),
    describe: () => [
      `camera address ${camera.settings.address}; power ${camera.power ? 'on' : 'standby'}${udp === undefined ? '' : `; UDP ${header ? 'with the Sony VISCA-over-IP header (sequence numbers checked)' : 'raw VISCA (no header)'}`}`,
      `try: classroom ctl visca ${endpoints[0]?.target ?? ''} status${udp !== undefined && !header ? ' --set header=false' : ''}`,
      `switches: drop=${camera.switches.dropNext} garbage=${camera.switches.garbage ? 'on' : 'off'} silent=${camera.switches.silent ? 'on' : 'off'}` +
        (control === undefined
          ? ' (set at start with --set; add --set control=PORT to flip them while running)'
          : `; flip with curl -X POST ${control.target.replace('/state', '')}/{drop/N|garbage/on|garbage/off|silent/on|silent/off|power/on|power/off}, see ${control.target}`),
    ],
    stop: async () => {
      camera.stop();
      await control?.stop();
      for (const e of endpoints) await e.stop();
    },
  };
}

export const viscaSimulator: SimulatorDescriptor = {
  device: 'camera',
  protocols: ['visca'],
  start: (o) => startVisca(o),
};
