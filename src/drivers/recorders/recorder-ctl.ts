import { ScError } from '../../core/errors/index.js';
import type { RecorderCapability, RecorderStatus } from '../capabilities.js';
import type { CtlAction, Driver } from '../driver.js';

function recorderOf(driver: Driver): RecorderCapability {
  if (driver.recorder === undefined) throw new ScError('SC_ERR_DEVICE_UNSUPPORTED', { device: driver.id, capability: 'recorder' });
  return driver.recorder;
}

function hms(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const s = Math.max(0, Math.round(seconds));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A status as a technician reads it. */
export function describeStatus(s: RecorderStatus): Record<string, string | number> {
  const out: Record<string, string | number> = { recorder: s.activity };
  const elapsed = hms(s.elapsedSeconds);
  const remaining = hms(s.remainingSeconds);
  if (elapsed !== undefined) out.elapsed = elapsed;
  if (remaining !== undefined) out.remaining = remaining;
  if (s.freeBytes !== undefined) out.free = `${(s.freeBytes / 1e9).toFixed(2)} GB`;
  return out;
}

/** The `classroom ctl` actions both recorder drivers share: `record start|stop|pause|status`, ... */
export const recorderCtl: Readonly<Record<string, CtlAction>> = {
  record: {
    usage: 'start|stop|pause|status',
    async run(driver, args) {
      const rec = recorderOf(driver);
      const word = args[0] ?? 'status';
      if (word === 'start') await rec.start();
      else if (word === 'stop') await rec.stop();
      else if (word === 'pause') await rec.pause();
      else if (word !== 'status') throw new ScError('SC_ERR_USAGE', { detail: `record takes start, stop, pause or status, not "${word}"` });
      return describeStatus(await rec.status());
    },
  },
  chapter: {
    usage: '',
    async run(driver) {
      await recorderOf(driver).chapter();
      return { chapter: 'marked' };
    },
  },
  title: {
    usage: '<text>',
    async run(driver, args) {
      const title = args.join(' ');
      if (title === '') throw new ScError('SC_ERR_USAGE', { detail: 'title needs the text, e.g. title Physics 101' });
      await recorderOf(driver).setMetadata({ title });
      return { title };
    },
  },
  presenter: {
    usage: '<name>',
    async run(driver, args) {
      const presenter = args.join(' ');
      if (presenter === '') throw new ScError('SC_ERR_USAGE', { detail: 'presenter needs a name' });
      await recorderOf(driver).setMetadata({ presenter });
      return { presenter };
    },
  },
  status: {
    usage: '',
    async run(driver) {
      const health = await driver.health?.check();
      return { ...health, ...describeStatus(await recorderOf(driver).status()) };
    },
  },
};
