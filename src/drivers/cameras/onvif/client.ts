import type { Logger } from 'pino';
import { Mutex } from '../../../core/mutex.js';
import { ScError, isScError, messageOf } from '../../../core/errors/index.js';
import { Cam, camInternals, type CamInternals } from './library.js';
import { SoapHttp } from './soap-http.js';

/**
 * The `onvif` library behind our own promise API. Every call goes through `request()`, which
 * names the command in errors and handles the one failure a clock jump causes: a camera that
 * rebooted (or fixed its clock by NTP) rejects our WS-Security timestamps as "not authorized";
 * we then measure its clock again and retry once. Where WS-Security itself is refused we fall
 * back to HTTP digest alone.
 */
export interface OnvifClientSettings {
  device: string;
  hostname: string;
  port: number;
  path: string;
  secure: boolean;
  username?: string;
  password?: string;
  timeoutMs: number;
  maxReplyBytes: number;
  /** `auto`: WS-Security, then HTTP digest alone when WS-Security is refused. */
  auth: 'auto' | 'ws-security' | 'digest';
  log: Logger;
}

export interface CallOptions {
  /** false for the event pull, which may wait long and must not hold up commands. */
  exclusive?: boolean;
}

export class OnvifClient {
  readonly lib: CamInternals;
  private readonly http: SoapHttp;
  private readonly mutex = new Mutex();
  /** Camera clock minus ours, from the last GetSystemDateAndTime. */
  clockSkewMs: number | undefined;

  constructor(private readonly s: OnvifClientSettings) {
    const cam = new Cam({
      hostname: s.hostname,
      port: s.port,
      path: s.path,
      useSecure: s.secure,
      timeout: s.timeoutMs,
      autoconnect: false,
      preserveAddress: true,
      useWSSecurity: s.auth !== 'digest',
      ...(s.username === undefined ? {} : { username: s.username }),
      ...(s.password === undefined ? {} : { password: s.password }),
    });
    this.lib = camInternals(cam);
    this.http = new SoapHttp({
      device: s.device,
      hostname: s.hostname,
      port: s.port,
      secure: s.secure,
      defaultPath: s.path,
      timeoutMs: s.timeoutMs,
      maxReplyBytes: s.maxReplyBytes,
      ...(s.username === undefined ? {} : { username: s.username }),
      ...(s.password === undefined ? {} : { password: s.password }),
      log: s.log,
      servicePath: (service) => {
        if (service === undefined) return undefined;
        const uri = cam.uri?.[service];
        return uri?.path ?? undefined;
      },
    });
    this.lib.setSender((options, cb) => this.http.send(options, cb));
    // The library emits 'warning' on odd media setups; an EventEmitter 'error' would throw.
    cam.on('warning', (w: unknown) => s.log.warn({ warning: messageOf(w) }, 'onvif library warning'));
  }

  get device(): string {
    return this.s.device;
  }

  /** Aborts the requests in flight for one command. */
  abort(command: string): void {
    this.http.abort(command);
  }

  get cam(): Cam {
    return this.lib.cam;
  }

  close(): void {
    this.http.close();
  }

  /** Runs one library method with its callback, as a promise of `[data, xml]`. */
  call(command: string, method: string, args: readonly unknown[] = [], options: CallOptions = {}): Promise<[unknown, string]> {
    return this.request(command, () => this.once(command, method, args), options);
  }

  /** One library call: no retry. */
  once(command: string, method: string, args: readonly unknown[]): Promise<[unknown, string]> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        reject(this.classify(command, err));
      };
      const context = { command, fail };
      try {
        this.http.calls.run(context, () =>
          this.lib.call(method, args, (err, data, xml) => {
            if (err) fail(err);
            else if (!settled) {
              settled = true;
              resolve([data, xml ?? '']);
            }
          }),
        );
      } catch (err) {
        fail(err);
      }
    });
  }

  /** Sends a SOAP body we built ourselves through the library's envelope and our HTTP layer. */
  raw(command: string, body: (header: string, footer: string) => string, target: { url?: unknown; service?: string; replyTimeout?: number }, options: CallOptions = {}): Promise<string> {
    return this.request(
      command,
      () =>
        new Promise<string>((resolve, reject) => {
          let settled = false;
          const fail = (err: unknown): void => {
            if (settled) return;
            settled = true;
            reject(this.classify(command, err));
          };
          try {
            this.http.calls.run({ command, fail }, () =>
              this.lib.request({ ...target, body: body(this.lib.envelopeHeader(true), this.lib.envelopeFooter()) }, (err, _data, xml) => {
                if (err) fail(err);
                else if (!settled) {
                  settled = true;
                  resolve(xml ?? '');
                }
              }),
            );
          } catch (err) {
            fail(err);
          }
        }),
      options,
    );
  }

  /** Measures the camera's clock (GetSystemDateAndTime needs no credentials) for WS-Security and health. */
  async measureClock(): Promise<Date> {
    this.lib.forgetClock();
    const sent = Date.now();
    const [data] = await this.once('GetSystemDateAndTime', 'getSystemDateAndTime', []);
    if (!(data instanceof Date) || Number.isNaN(data.getTime())) {
      throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.s.device, command: 'GetSystemDateAndTime', detail: 'no usable date in the reply' });
    }
    // The camera reports whole seconds; half the round trip is our best guess of when it read its clock.
    this.clockSkewMs = data.getTime() - (sent + (Date.now() - sent) / 2);
    return data;
  }

  private async request<T>(command: string, fn: () => Promise<T>, options: CallOptions): Promise<T> {
    const run = async (): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        if (!isScError(err, 'SC_ERR_AUTH_FAILED') || this.s.username === undefined) throw err;
        this.s.log.info({ command, err: err.message }, 'camera refused our credentials; measuring its clock again and retrying once');
        await this.measureClock();
      }
      try {
        return await fn();
      } catch (err) {
        if (!isScError(err, 'SC_ERR_AUTH_FAILED') || this.s.auth !== 'auto' || !this.cam.useWSSecurity) throw err;
        this.s.log.info({ command }, 'WS-Security refused; trying HTTP digest alone');
        this.cam.useWSSecurity = false;
        try {
          return await fn();
        } catch (digestErr) {
          this.cam.useWSSecurity = true;
          if (!isScError(digestErr, 'SC_ERR_AUTH_FAILED')) throw digestErr;
          throw new ScError('SC_ERR_AUTH_FAILED', { device: this.s.device, detail: `WS-Security and HTTP digest both refused for user "${this.s.username ?? ''}" on ${command}` });
        }
      }
    };
    return options.exclusive === false ? run() : this.mutex.run(run);
  }

  private classify(command: string, err: unknown): ScError {
    if (err instanceof ScError) return err;
    return new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.s.device, command, detail: messageOf(err) }, { cause: err });
  }
}
