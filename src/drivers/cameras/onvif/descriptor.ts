import { Type } from '@sinclair/typebox';
import { ScError } from '../../../core/errors/index.js';
import type { DeviceEvent, PtzVector } from '../../capabilities.js';
import type { CtlAction, Driver, DriverDescriptor } from '../../driver.js';
import { OnvifDriver } from './driver.js';

function onvif(driver: Driver): OnvifDriver {
  if (!(driver instanceof OnvifDriver)) throw new ScError('SC_ERR_INTERNAL', { detail: 'onvif ctl action on another driver' });
  return driver;
}

function word(args: readonly string[], index: number, what: string, driver: Driver): string {
  const value = args[index];
  if (value === undefined || value === '') throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: driver.id, command: what, detail: `missing ${what}` });
  return value;
}

function vector(driver: Driver, args: readonly string[], command: string, range: [number, number]): PtzVector {
  const names = ['PAN', 'TILT', 'ZOOM'];
  const values = names.map((name, i) => {
    const text = args[i] ?? (i === 2 ? '0' : undefined);
    const n = Number(text);
    if (text === undefined || !Number.isFinite(n) || n < range[0] || n > range[1]) {
      throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: driver.id, command, detail: `${name} must be a number from ${range[0]} to ${range[1]}, not ${String(text)}` });
    }
    return n;
  });
  return { pan: values[0] ?? 0, tilt: values[1] ?? 0, zoom: values[2] ?? 0 };
}

/** `events 5`, `events --seconds 5` or the ctl `--seconds` option. */
function seconds(driver: Driver, args: readonly string[], option: number | undefined): number {
  const flag = args.indexOf('--seconds');
  const text = flag >= 0 ? args[flag + 1] : args[0];
  const n = text === undefined ? (option ?? 10) : Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: driver.id, command: 'events', detail: `seconds must be from 1 to 3600, not ${String(text)}` });
  return n;
}

const ctl: Record<string, CtlAction> = {
  info: { usage: '', run: (d) => onvif(d).deviceInfo() },
  profiles: { usage: '', run: (d) => onvif(d).mediaProfiles() },
  'stream-uri': { usage: '[PROFILE]', run: async (d, a) => ({ uri: await onvif(d).stream.streamUri(a[0]) }) },
  'snapshot-uri': { usage: '[PROFILE]', run: async (d, a) => ({ uri: await onvif(d).stream.snapshotUri(a[0]) }) },
  presets: { usage: '', run: (d) => onvif(d).presets.list() },
  'preset.goto': {
    usage: 'NAME|TOKEN',
    run: async (d, a) => {
      const name = word(a, 0, 'preset name', d);
      await onvif(d).presets.goto(name);
      return { arrived: name, position: (await onvif(d).ptz.status()).position };
    },
  },
  'preset.save': { usage: 'NAME', run: (d, a) => onvif(d).presets.save(word(a, 0, 'preset name', d)) },
  'preset.remove': { usage: 'NAME|TOKEN', run: async (d, a) => onvif(d).presets.remove(word(a, 0, 'preset name', d)) },
  move: { usage: 'PAN TILT [ZOOM]  (absolute: pan/tilt -1..1, zoom 0..1)', run: (d, a) => onvif(d).ptz.absoluteMove(vector(d, a, 'move', [-1, 1])) },
  'move.relative': { usage: 'PAN TILT [ZOOM]  (-1..1 each)', run: (d, a) => onvif(d).ptz.relativeMove(vector(d, a, 'move.relative', [-1, 1])) },
  'move.continuous': { usage: 'PAN TILT [ZOOM]  (speeds -1..1; then `stop`)', run: (d, a) => onvif(d).ptz.continuousMove(vector(d, a, 'move.continuous', [-1, 1])) },
  zoom: {
    usage: 'LEVEL  (0..1)',
    run: async (d, a) => {
      const status = await onvif(d).ptz.status();
      const zoom = vector(d, ['0', '0', word(a, 0, 'zoom level', d)], 'zoom', [0, 1]).zoom;
      await onvif(d).ptz.absoluteMove({ ...status.position, zoom });
    },
  },
  stop: { usage: '', run: (d) => onvif(d).ptz.stop() },
  home: { usage: '', run: (d) => onvif(d).ptz.home() },
  status: {
    usage: '',
    run: async (d) => {
      const ptz = await onvif(d)
        .ptz.status()
        .catch((err: unknown) => {
          if (err instanceof ScError && err.code === 'SC_ERR_DEVICE_UNSUPPORTED') return undefined;
          throw err;
        });
      return { ...d.state(), ...(ptz === undefined ? {} : { ptz }) };
    },
  },
  health: { usage: '', run: (d) => onvif(d).health.check() },
  events: {
    usage: '[SECONDS]  (or --seconds N): print motion, tamper and video-loss events',
    run: async (d, a, options) => {
      const driver = onvif(d);
      const wait = seconds(d, a, options?.seconds);
      const seen: DeviceEvent[] = [];
      const off = driver.events.on('event', (e) => {
        if (e.type === 'motion' || e.type === 'tamper' || e.type === 'video-loss') seen.push(e);
      });
      driver.watchEvents();
      await new Promise((r) => setTimeout(r, wait * 1000));
      off();
      return { seconds: wait, events: seen };
    },
  },
};

export const onvifDescriptor: DriverDescriptor = {
  name: 'onvif',
  description: 'ONVIF Profile S/T cameras (PTZ, presets, RTSP/snapshot URIs, motion and tamper events, health)',
  capabilities: ['ptz', 'presets', 'stream', 'events', 'health'],
  targets: ['http'],
  optionsSchema: Type.Object({
    profile: Type.Optional(Type.String({ description: 'media profile token or name to use (default: the first with PTZ)' })),
    auth: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('ws-security'), Type.Literal('digest')], { description: 'auto: WS-Security, HTTP digest where refused' })),
    events: Type.Optional(Type.Boolean({ description: 'keep a PullPoint subscription for motion/tamper/video-loss (default true)' })),
    pullSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'how long the camera may hold one PullMessages (default 10)' })),
    arrivalTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, description: 'how long preset.goto waits for the camera to stop (default 30000)' })),
    arrivalPollMs: Type.Optional(Type.Integer({ minimum: 20, description: 'PTZ status poll interval while waiting (default 300)' })),
    maxReplyBytes: Type.Optional(Type.Integer({ minimum: 4096, description: 'largest SOAP reply accepted (default 2 MiB)' })),
  }),
  defaultPollIntervalMs: 10_000,
  defaultTimeoutMs: 5_000,
  create: (ctx) => new OnvifDriver(ctx),
  ctl,
};
