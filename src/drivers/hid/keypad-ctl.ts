import { ScError } from '../../core/errors/index.js';
import type { DeviceEvent, KeyLight } from '../capabilities.js';
import type { CtlAction, Driver } from '../driver.js';

function keypadOf(driver: Driver): NonNullable<Driver['keypad']> {
  if (driver.keypad === undefined) throw new ScError('SC_ERR_DEVICE_UNSUPPORTED', { device: driver.id, capability: 'keypad' });
  return driver.keypad;
}

function keyArg(word: string | undefined): number {
  const n = Number(word);
  if (word === undefined || !Number.isInteger(n) || n < 0) throw new ScError('SC_ERR_USAGE', { detail: `expected a key number, not "${String(word)}"` });
  return n;
}

function lightArg(word: string | undefined): KeyLight {
  if (word === undefined || word === 'off') return { off: true };
  if (word === 'on') return { on: true };
  if (/^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.test(word)) return { color: word.startsWith('#') ? word : `#${word}` };
  throw new ScError('SC_ERR_USAGE', { detail: `expected on, off or a colour like #ff0000, not "${word}"` });
}

/** The `classroom ctl` actions every keypad driver shares. */
export const keypadCtl: Readonly<Record<string, CtlAction>> = {
  light: {
    usage: '<key> on|off|#rrggbb',
    async run(driver, args) {
      await keypadOf(driver).setLight(keyArg(args[0]), lightArg(args[1]));
      return { key: keyArg(args[0]), light: args[1] ?? 'off' };
    },
  },
  label: {
    usage: '<key> <text> [#background]',
    async run(driver, args) {
      const pad = keypadOf(driver);
      if (pad.setLabel === undefined) throw new ScError('SC_ERR_DEVICE_UNSUPPORTED', { device: driver.id, capability: 'key labels' });
      const [key, text, color] = args;
      await pad.setLabel(keyArg(key), text ?? '', color);
      return { key: keyArg(key), label: text ?? '' };
    },
  },
  listen: {
    usage: '[seconds]',
    async run(driver, args) {
      const seconds = args[0] === undefined ? 10 : Number(args[0]);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new ScError('SC_ERR_USAGE', { detail: `listen takes a number of seconds, not "${String(args[0])}"` });
      const seen: string[] = [];
      const off = driver.events.on('event', (e: DeviceEvent) => {
        if (e.type === 'key-down' || e.type === 'key-up') seen.push(`${e.type} ${String(e.data?.key)}`);
      });
      await new Promise((r) => setTimeout(r, seconds * 1000));
      off();
      return { keys: keypadOf(driver).keyCount, events: seen.length === 0 ? 'no key pressed' : seen.join(', ') };
    },
  },
  status: {
    usage: '',
    async run(driver) {
      const health = await driver.health?.check();
      const state = driver.state();
      return { status: state.status, ...(state.reason === undefined ? {} : { reason: state.reason }), keys: keypadOf(driver).keyCount, ...health };
    },
  },
};
