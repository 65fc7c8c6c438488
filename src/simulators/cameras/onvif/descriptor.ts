import { ScError } from '../../../core/errors/index.js';
import type { RunningSimulator, SimulatorDescriptor, SimulatorOptions } from '../../registry.js';
import { DiscoveryResponder } from './discovery.js';
import { OnvifSimulator, type OnvifSimulatorOptions, type ReplyMode } from './server.js';

function num(settings: Readonly<Record<string, string>>, key: string): number | undefined {
  const v = settings[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ScError('SC_ERR_USAGE', { detail: `--set ${key} must be a number, not ${v}` });
  return n;
}

/** `--set` keys of the ONVIF simulator, mapped to its options. */
export function onvifSimulatorOptions(o: SimulatorOptions): OnvifSimulatorOptions {
  const s = o.settings;
  const auth = s.auth;
  if (auth !== undefined && auth !== 'ws+digest' && auth !== 'digest' && auth !== 'none') throw new ScError('SC_ERR_USAGE', { detail: '--set auth must be ws+digest, digest or none' });
  const mode = s.mode;
  if (mode !== undefined && !['normal', 'slow', 'silent', 'malformed', 'hostile'].includes(mode)) throw new ScError('SC_ERR_USAGE', { detail: '--set mode must be normal, slow, silent, malformed or hostile' });
  const clock = s.clock;
  const clockOffsetMs = clock === 'now' ? 0 : clock !== undefined ? Date.parse(clock) - Date.now() : num(s, 'clockOffsetMs');
  if (clockOffsetMs !== undefined && Number.isNaN(clockOffsetMs)) throw new ScError('SC_ERR_USAGE', { detail: '--set clock must be "now" or an ISO date' });
  const out: OnvifSimulatorOptions = { host: o.host, port: o.port ?? 8080, log: o.log };
  if (s.set !== undefined) out.set = s.set;
  if (s.fixtures !== undefined) out.fixturesDir = s.fixtures;
  if (s.username !== undefined) out.username = s.username;
  if (s.password !== undefined) out.password = s.password;
  if (auth !== undefined) out.auth = auth;
  if (clockOffsetMs !== undefined) out.clockOffsetMs = clockOffsetMs;
  if (mode !== undefined) out.mode = mode as ReplyMode;
  if (s.ptz !== undefined) out.ptz = s.ptz === 'on' || s.ptz === 'true';
  const numeric = ['toleranceMs', 'ptzSpeed', 'maxHoldMs', 'slowMs', 'rebootClockJumpMs'] as const;
  for (const key of numeric) {
    const v = num(s, key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

export async function startOnvif(o: SimulatorOptions): Promise<RunningSimulator & { camera: OnvifSimulator }> {
  const options = onvifSimulatorOptions(o);
  const camera = new OnvifSimulator(options);
  await camera.start();
  const discoveryPort = num(o.settings, 'discoveryPort');
  const responder =
    discoveryPort === undefined ? undefined : new DiscoveryResponder({ host: o.host, port: discoveryPort, xaddrs: () => [camera.url], log: o.log, ...(options.fixturesDir === undefined ? {} : { fixturesDir: options.fixturesDir }) });
  const boundDiscovery = await responder?.start();
  const base = camera.url.replace('/onvif/device_service', '');
  const auth = `http://${camera.username}:${camera.password}@${camera.url.slice('http://'.length)}`;
  return {
    camera,
    targets: [camera.url],
    describe: () => [
      `captures: ${camera.setName}; camera clock ${camera.cameraNow().toISOString()}`,
      `credentials: ${camera.username} / ${camera.password}  ->  classroom ctl onvif ${auth} info`,
      ...(boundDiscovery === undefined ? [] : [`WS-Discovery responder on udp://${o.host}:${boundDiscovery}  ->  classroom discover --onvif --address ${o.host} --probe-port ${boundDiscovery}`]),
      `switches: curl -X POST ${base}/simulator/reboot | /simulator/mode/{normal|slow|silent|malformed|hostile} | /simulator/event/{motion|tamper|video-loss} | /simulator/state`,
    ],
    stop: async () => {
      await responder?.stop();
      await camera.stop();
    },
  };
}

export const onvifSimulator: SimulatorDescriptor = {
  device: 'camera',
  protocols: ['onvif'],
  start: (o) => startOnvif(o),
};
