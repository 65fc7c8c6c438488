import { Cam } from 'onvif';

/**
 * The parts of the `onvif` library's Cam we use that its typings leave out or type without
 * the options argument. Reached through Reflect so that a library upgrade that renames them
 * fails loudly here rather than as a TypeError deep in a callback.
 */
export type LibCallback = (err: Error | null, data?: unknown, xml?: string) => void;

export interface CamInternals {
  cam: Cam;
  call(method: string, args: readonly unknown[], cb: LibCallback): void;
  envelopeHeader(openHeader: boolean): string;
  envelopeFooter(): string;
  request(options: { url?: unknown; service?: string; body: string; replyTimeout?: number }, cb: (err: Error | null, data: unknown, xml?: string) => void): void;
  setSender(fn: (options: never, cb: never) => void): void;
  /** Forget the measured clock offset so that the next GetSystemDateAndTime measures again. */
  forgetClock(): void;
  timeShift(): number | undefined;
}

function method(cam: Cam, name: string): (...args: unknown[]) => unknown {
  const fn: unknown = Reflect.get(cam, name);
  if (typeof fn !== 'function') throw new Error(`the onvif library has no Cam.${name} (unsupported library version)`);
  return (...args: unknown[]) => Reflect.apply(fn, cam, args);
}

export function camInternals(cam: Cam): CamInternals {
  const header = method(cam, '_envelopeHeader');
  const footer = method(cam, '_envelopeFooter');
  const request = method(cam, '_request');
  method(cam, '_requestPart2');
  return {
    cam,
    call: (name, args, cb) => {
      method(cam, name)(...args, cb);
    },
    envelopeHeader: (open) => String(header(open)),
    envelopeFooter: () => String(footer()),
    request: (options, cb) => {
      request(options, cb);
    },
    setSender: (fn) => {
      Reflect.set(cam, '_requestPart2', fn);
    },
    forgetClock: () => {
      cam.timeShift = undefined;
    },
    timeShift: () => cam.timeShift,
  };
}

export { Cam };
