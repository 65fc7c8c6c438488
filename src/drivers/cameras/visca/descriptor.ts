import { ScError } from '../../../core/errors/index.js';
import type { CtlAction, Driver, DriverDescriptor } from '../../driver.js';
import type { PanDirection, TiltDirection } from './codec.js';
import { ViscaDriver } from './driver.js';
import { viscaOptionsSchema } from './options.js';

function cam(driver: Driver): ViscaDriver {
  if (!(driver instanceof ViscaDriver)) throw new ScError('SC_ERR_INTERNAL', { detail: 'visca ctl action on another driver' });
  return driver;
}

function bad(driver: Driver, command: string, detail: string): ScError {
  return new ScError('SC_ERR_DEVICE_ARGUMENT', { device: driver.id, command, detail });
}

function numberIn(driver: Driver, command: string, text: string | undefined, name: string, lo: number, hi: number): number {
  const n = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(n) || n < lo || n > hi) throw bad(driver, command, `${name} must be a number from ${lo} to ${hi}, not ${String(text)}`);
  return n;
}

const DIRECTIONS: Readonly<Record<string, [PanDirection, TiltDirection]>> = {
  up: ['stop', 'up'],
  down: ['stop', 'down'],
  left: ['left', 'stop'],
  right: ['right', 'stop'],
  'up-left': ['left', 'up'],
  'up-right': ['right', 'up'],
  'down-left': ['left', 'down'],
  'down-right': ['right', 'down'],
  stop: ['stop', 'stop'],
};

async function status(d: ViscaDriver): Promise<Record<string, unknown>> {
  const power = await d.powerState();
  const base = { ...d.state(), power };
  if (power !== 'on') return base;
  const raw = await d.position();
  const ptz = await d.ptz.status();
  return { ...base, ptz: ptz.position, moving: ptz.moving, raw };
}

const ctl: Record<string, CtlAction> = {
  power: {
    usage: '[on|off]  (off = standby; no word: ask the camera)',
    run: async (d, a) => {
      const word = a[0];
      if (word === undefined) return { power: await cam(d).powerState() };
      if (word === 'on') await cam(d).power.on();
      else if (word === 'off' || word === 'standby') await cam(d).power.off();
      else throw bad(d, 'power', `expected on or off, not ${word}`);
      return { power: await cam(d).powerState() };
    },
  },
  zoom: {
    usage: 'LEVEL|in|out|stop  (LEVEL 0..1, zoom direct; in/out drive until stop)',
    run: async (d, a) => {
      const word = a[0];
      if (word === 'in' || word === 'out' || word === 'stop') {
        await cam(d).zoomDrive(word);
        return { zoom: word };
      }
      await cam(d).zoomTo(numberIn(d, 'zoom', word, 'LEVEL', 0, 1));
      return { zoom: (await cam(d).ptz.status()).position.zoom };
    },
  },
  move: {
    usage: 'PAN TILT [ZOOM] (absolute: pan/tilt -1..1, zoom 0..1) | up|down|left|right|up-left|...|stop [SPEED 0..1]',
    run: async (d, a) => {
      const dir = DIRECTIONS[a[0] ?? ''];
      if (dir !== undefined) {
        const scale = a[1] === undefined ? 1 : numberIn(d, 'move', a[1], 'SPEED', 0.01, 1);
        await cam(d).panTiltDrive(dir[0], dir[1], scale);
        return { drive: a[0] };
      }
      const pan = numberIn(d, 'move', a[0], 'PAN (or a direction: up, down, left, right, up-left, ..., stop)', -1, 1);
      const tilt = numberIn(d, 'move', a[1], 'TILT', -1, 1);
      const zoom = a[2] === undefined ? undefined : numberIn(d, 'move', a[2], 'ZOOM', 0, 1);
      await cam(d).moveTo({ pan, tilt, ...(zoom === undefined ? {} : { zoom }) });
      return { position: (await cam(d).ptz.status()).position };
    },
  },
  stop: { usage: '(pan, tilt and zoom)', run: (d) => cam(d).ptz.stop() },
  home: {
    usage: '',
    run: async (d) => {
      await cam(d).ptz.home();
      return { position: (await cam(d).ptz.status()).position };
    },
  },
  presets: { usage: '', run: (d) => cam(d).presets.list() },
  'preset.goto': {
    usage: 'N|NAME',
    run: async (d, a) => {
      const name = a[0];
      if (name === undefined) throw bad(d, 'preset.goto', 'missing preset number');
      await cam(d).presets.goto(name);
      return { arrived: name, position: (await cam(d).ptz.status()).position };
    },
  },
  'preset.save': {
    usage: 'N|NAME',
    run: async (d, a) => {
      const name = a[0];
      if (name === undefined) throw bad(d, 'preset.save', 'missing preset number');
      return cam(d).presets.save(name);
    },
  },
  'preset.remove': {
    usage: 'N|NAME',
    run: async (d, a) => {
      const name = a[0];
      if (name === undefined) throw bad(d, 'preset.remove', 'missing preset number');
      await cam(d).presets.remove(name);
    },
  },
  status: { usage: '', run: (d) => status(cam(d)) },
  health: { usage: '', run: (d) => cam(d).health.check() },
};

export const viscaDescriptor: DriverDescriptor = {
  name: 'visca',
  description: 'Sony VISCA PTZ cameras over RS-232/RS-422, raw TCP, or UDP (Sony VISCA-over-IP, port 52381)',
  capabilities: ['power', 'ptz', 'presets', 'health'],
  targets: ['serial', 'tcp', 'udp'],
  optionsSchema: viscaOptionsSchema,
  defaultPollIntervalMs: 5_000,
  defaultTimeoutMs: 1_000,
  create: (ctx) => new ViscaDriver(ctx),
  ctl,
};
