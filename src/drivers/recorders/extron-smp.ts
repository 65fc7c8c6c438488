import { Type } from '@sinclair/typebox';
import { ScError, isScError, messageOf, toScError } from '../../core/errors/index.js';
import { openChannel, type Channel } from '../../transports/channel.js';
import type { Capability, HealthReport, RecorderActivity, RecorderCapability, RecorderStatus } from '../capabilities.js';
import { BaseDriver, type Driver, type DriverContext, type DriverDescriptor } from '../driver.js';
import type { DeviceState } from '../state.js';
import { recorderCtl } from './recorder-ctl.js';
import { META_FIELD, cleanMetadata, isOtherReply, lineOf, parseInfTime, parseOverall, parseRecordState, sis, sisError, sisFramer, type OverallStatus } from './sis-protocol.js';
import { refuseTelnetOptions } from './telnet.js';
import { RecorderWatch } from './watch.js';

/** How long after connecting to listen for the banner and a `Password:` prompt. */
const BANNER_WAIT_MS = 1500;
/** Quiet time after the banner before deciding no password prompt follows. */
const PROMPT_GRACE_MS = 300;

/**
 * Extron SMP 351 / SMP 300 series over RS-232 or Telnet (SIS). One session per link: on every
 * (re)connect the banner and password prompt are handled, Telnet options refused, verbose
 * mode 3 set; then polls read the recorder back (`Esc YRCDR`, 35I, 36I, I), which doubles as
 * the heartbeat. E## replies are typed refusals (SC_ERR_SIS_ERROR), not a dead link.
 */
export class ExtronSmpDriver extends BaseDriver {
  readonly driver = 'extron-smp';
  readonly capabilities: readonly Capability[] = ['recorder', 'health'];
  private channel: Channel | undefined;
  private ready: Promise<void> | undefined;
  private loginError: ScError | undefined;
  private offs: (() => void)[] = [];
  private readonly watch = new RecorderWatch();
  private model: string | undefined;
  role: 'administrator' | 'user' | 'none' = 'none';

  readonly recorder: RecorderCapability = {
    start: () => this.command(() => this.setRecord(1)),
    stop: () => this.command(() => this.setRecord(0)),
    pause: () => this.command(() => this.setRecord(2)),
    status: () => this.command(() => this.readStatus()),
    setMetadata: (meta) => this.command(() => this.setMetadata(meta)),
    chapter: () => this.command(async () => void (await this.sisRequest('chapter marker', sis.chapter(), 'RcdrB', (l) => (l === 'RcdrB' ? true : undefined)))),
  };

  readonly health = {
    check: (): Promise<HealthReport> => this.command(() => this.check()),
  };

  protected async connect(): Promise<void> {
    const t = this.ctx.target;
    if (t.kind !== 'serial' && t.kind !== 'tcp') throw new ScError('SC_ERR_TARGET_INVALID', { target: t.text, reason: 'extron-smp is reached over serial: or tcp://host:23' });
    const ch = openChannel({ target: t, device: this.id, log: this.log, framer: sisFramer, timeoutMs: this.ctx.timeoutMs, dropAfterTimeouts: 2, reconnect: { initialMs: Math.min(500, this.ctx.pollIntervalMs), maxMs: 30_000 } });
    this.channel = ch;
    if (t.kind === 'tcp') this.offs.push(refuseTelnetOptions(ch.link, (err) => this.log.debug({ err: messageOf(err) }, 'telnet answer not sent')));
    this.offs.push(
      ch.link.events.on('up', () => {
        this.ready = this.login(ch);
        this.ready.catch(() => undefined);
      }),
      ch.link.events.on('down', () => {
        this.ready = undefined;
      }),
      // The unit reports front-panel and automatic changes by itself in verbose mode: poll at once.
      ch.queue.events.on('unsolicited', (frame) => {
        const line = lineOf(frame);
        if (line !== undefined && parseRecordState(line) !== undefined && this.ready !== undefined) void this.refresh();
      }),
    );
    await ch.link.open();
    await this.ensureReady();
  }

  protected async disconnect(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    const ch = this.channel;
    this.channel = undefined;
    this.ready = undefined;
    await ch?.close();
  }

  private async ensureReady(): Promise<Channel> {
    const ch = this.channel;
    if (ch === undefined) throw new ScError('SC_ERR_DEVICE_OFFLINE', { device: this.id, reason: 'not connected' });
    // After a refused login the link is held down until the driver base's login backoff lets
    // a poll through: then it is opened again, and its 'up' starts a new login.
    if (ch.link.isHeld) await ch.link.open();
    // After a refused login the link is dropped on purpose: the login error is the news, not the drop.
    if (!ch.link.isUp) throw this.loginError ?? ch.link.error ?? new ScError('SC_ERR_LINK_DOWN', { device: this.id, target: ch.link.target, reason: ch.link.status });
    if (this.ready === undefined) {
      this.ready = this.login(ch);
      this.ready.catch(() => undefined);
    }
    await this.ready;
    return ch;
  }

  /** Banner, password, verbose mode: the start of every session. */
  private async login(ch: Channel): Promise<void> {
    this.loginError = undefined;
    try {
      const seen = await this.awaitBanner(ch);
      if (seen === 'prompt') await this.sendPassword(ch);
      const verbose = await ch.queue.request({
        command: 'verbose mode 3 (Esc 3CV)',
        bytes: sis.verbose3(),
        awaited: 'Vrb3',
        match: (frame) => (/Password:/.test(lineOf(frame) ?? '') ? ('prompt' as const) : this.expect(frame, 'verbose mode', (l) => (/^Vrb3$/.test(l) ? ('ok' as const) : undefined))),
      });
      // On RS-232 the prompt may have been printed before we opened the port: it shows up now.
      if (verbose === 'prompt') {
        await this.sendPassword(ch);
        await ch.queue.request({
          command: 'verbose mode 3 (Esc 3CV)',
          bytes: sis.verbose3(),
          awaited: 'Vrb3',
          match: (frame) => this.expect(frame, 'verbose mode', (l) => (/^Vrb3$/.test(l) ? true : undefined)),
        });
      }
      this.log.info({ role: this.role }, 'SIS session ready');
    } catch (err) {
      this.loginError = toScError(err);
      // A refused password: hang up and stay down; the driver base decides when to try again
      // (a reconnect at once would be one more wrong password, towards a lockout).
      if (isScError(err, 'SC_ERR_AUTH_FAILED')) ch.link.drop('login refused', { hold: true });
      throw err;
    }
  }

  private async sendPassword(ch: Channel): Promise<void> {
    const password = this.ctx.password ?? (typeof this.ctx.options.password === 'string' ? this.ctx.options.password : undefined);
    if (password === undefined) throw new ScError('SC_ERR_AUTH_FAILED', { device: this.id, detail: 'the recorder asks for a password and none is configured' });
    this.role = await ch.queue.request({
      command: 'login',
      bytes: Buffer.from(`${password}\r`, 'latin1'),
      awaited: '"Login Administrator" or "Login User"',
      match: (frame) => {
        const line = lineOf(frame);
        if (line === undefined) return undefined;
        if (/^Login Administrator/i.test(line)) return 'administrator' as const;
        if (/^Login User/i.test(line)) return 'user' as const;
        if (/Password:/.test(line)) throw new ScError('SC_ERR_AUTH_FAILED', { device: this.id, detail: 'the password was refused (the unit asked again)' });
        return undefined;
      },
    });
  }

  /** Resolves 'prompt' when the unit asks for a password, else 'banner' or 'quiet'. */
  private awaitBanner(ch: Channel): Promise<'prompt' | 'banner' | 'quiet'> {
    return new Promise((resolve) => {
      let banner = false;
      let grace: NodeJS.Timeout | undefined;
      const finish = (v: 'prompt' | 'banner' | 'quiet'): void => {
        clearTimeout(overall);
        clearTimeout(grace);
        off();
        resolve(v);
      };
      const overall = setTimeout(() => finish(banner ? 'banner' : 'quiet'), Math.min(BANNER_WAIT_MS, this.ctx.timeoutMs));
      const off = ch.queue.events.on('unsolicited', (frame) => {
        const line = lineOf(frame);
        if (line === undefined) return;
        if (/Password:/.test(line)) return finish('prompt');
        if (/Extron/i.test(line)) banner = true;
        if (banner) {
          clearTimeout(grace);
          grace = setTimeout(() => finish('banner'), PROMPT_GRACE_MS);
        }
      });
    });
  }

  /** Common reply handling: IAC frames ignored, E## thrown as typed refusals. */
  private expect<T>(frame: Buffer, command: string, accept: (line: string) => T | undefined): T | undefined {
    const line = lineOf(frame);
    if (line === undefined || line === '') return undefined;
    const refusal = sisError(line, this.id, command);
    if (refusal !== undefined) throw refusal;
    return accept(line);
  }

  private async sisRequest<T>(command: string, bytes: Buffer, awaited: string, accept: (line: string) => T | undefined): Promise<T> {
    const ch = await this.ensureReady();
    return ch.queue.request({ command, bytes, awaited, match: (frame) => this.expect(frame, command, accept) });
  }

  protected async poll(): Promise<Partial<DeviceState>> {
    const status = await this.readStatus();
    return { recorder: status, ...(this.model === undefined ? {} : { model: this.model }) };
  }

  private async readStatus(): Promise<RecorderStatus> {
    const activity = await this.sisRequest('record status (Esc YRCDR)', sis.recordQuery(), 'RcdrY0/1/2', parseRecordState);
    const elapsed = await this.sisRequest('elapsed time (35I)', sis.elapsed(), 'Inf35*HH:MM:SS', (l) => parseInfTime(l, 35));
    const remaining = await this.sisRequest('time remaining (36I)', sis.remaining(), 'Inf36*HH:MM:SS', (l) => parseInfTime(l, 36));
    const overall = await this.readOverall();
    const status: RecorderStatus = {
      activity,
      elapsedSeconds: elapsed,
      remainingSeconds: remaining,
      ...(overall?.freeBytes === undefined ? {} : { freeBytes: overall.freeBytes }),
    };
    const stop = this.watch.observe(status);
    if (stop !== undefined) {
      this.log.warn({ reason: stop.reason, was: stop.was }, 'recording stopped by itself');
      this.emitEvent('recorder-stopped', { reason: stop.reason, was: stop.was, ...(stop.elapsedSeconds === undefined ? {} : { elapsedSeconds: stop.elapsedSeconds }) });
    }
    this.update({ recorder: status });
    return status;
  }

  /**
   * The `I` reply, for the free space. Any line that is not another query's answer is taken as
   * the reply, so an undocumented form is a named parse error at once, not a timeout. The rest
   * of the status comes from the other queries: such a reply is recorded (state `lastError`,
   * the log) and the recorder stays usable.
   */
  private async readOverall(): Promise<OverallStatus | undefined> {
    const command = 'recording status (I)';
    try {
      return await this.sisRequest(command, sis.overall(), 'the I reply, e.g. <ChA1*ChB3>*<stopped>*<internal>*<437342288>*<00:00:00>*<155:40:43>', (line) => {
        const parsed = parseOverall(line);
        if (parsed !== undefined) return parsed;
        if (isOtherReply(line)) return undefined;
        throw new ScError('SC_ERR_SIS_PARSE', { device: this.id, command, line: line.slice(0, 200) });
      });
    } catch (err) {
      if (!isScError(err, 'SC_ERR_SIS_PARSE')) throw err;
      if (this.current.lastError?.code !== err.code) this.log.warn({ code: err.code, line: err.params.line }, 'recording status reply not understood');
      this.recordError(err);
      return undefined;
    }
  }

  private async setRecord(code: 0 | 1 | 2): Promise<void> {
    const want: RecorderActivity = code === 0 ? 'stopped' : code === 1 ? 'recording' : 'paused';
    this.watch.expect(want);
    const word = want === 'stopped' ? 'stop' : want === 'recording' ? 'start' : 'pause';
    await this.sisRequest(`record ${word} (Esc Y${String(code)}RCDR)`, sis.record(code), `RcdrY${String(code)}`, (l) => (l === `RcdrY${String(code)}` ? true : undefined));
    const status = await this.readStatus();
    if (status.activity !== want) {
      throw new ScError('SC_ERR_DEVICE_NAK', { device: this.id, command: `record ${word}`, reason: `acknowledged, but the recorder reads back "${status.activity}"` });
    }
  }

  private async setMetadata(meta: { title?: string; presenter?: string }): Promise<void> {
    const fields: [keyof typeof META_FIELD, string][] = [];
    if (meta.title !== undefined) fields.push(['title', meta.title]);
    if (meta.presenter !== undefined) fields.push(['presenter', meta.presenter]);
    for (const [name, raw] of fields) {
      const field = META_FIELD[name];
      const value = cleanMetadata(raw);
      try {
        await this.sisRequest(`set ${name} (Esc M${String(field)}*..RCDR)`, sis.setMetadata(field, value), `RcdrM${String(field)}*${value}`, (l) =>
          l.startsWith(`RcdrM${String(field)}*`) ? true : undefined,
        );
      } catch (err) {
        // The unit refuses metadata changes once recording: say so in the room's words.
        if (isScError(err, 'SC_ERR_SIS_ERROR') && this.current.recorder?.activity !== 'stopped') {
          throw new ScError('SC_ERR_RECORDER_METADATA_LOCKED', { device: this.id, field: name }, { cause: err });
        }
        throw err;
      }
    }
  }

  async extend(minutes: number): Promise<void> {
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 99) throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: this.id, command: 'extend', detail: 'minutes must be 0-99' });
    await this.command(() => this.sisRequest(`extend (Esc E${String(minutes)}RCDR)`, sis.extend(minutes), `RcdrE${String(minutes)}`, (l) => (l.startsWith('RcdrE') ? true : undefined)));
  }

  private async check(): Promise<HealthReport> {
    const started = Date.now();
    const model = await this.sisRequest('model (2I)', sis.model(), 'Inf02*<model>', (l) => {
      const m = /^(?:Inf0?2\*)?(.+)$/.exec(l);
      return m !== null && !/^RcdrY|^Inf3/.test(l) ? (m[1] ?? '').trim() : undefined;
    });
    this.model = model;
    return { reachable: true, latencyMs: Date.now() - started, model, extra: { login: this.role } };
  }

  /** The last login failure, for `status` output. */
  get sessionError(): ScError | undefined {
    return this.loginError;
  }
}

function asExtron(driver: Driver): ExtronSmpDriver {
  if (!(driver instanceof ExtronSmpDriver)) throw new ScError('SC_ERR_INTERNAL', { detail: `extron-smp ctl on ${driver.driver}` });
  return driver;
}

export const extronSmpDescriptor: DriverDescriptor = {
  name: 'extron-smp',
  description: 'Extron SMP 351 / SMP 300 series recorders over RS-232 or Telnet (SIS)',
  capabilities: ['recorder', 'health'],
  targets: ['serial', 'tcp'],
  optionsSchema: Type.Object(
    {
      password: Type.Optional(Type.String({ description: 'the unit password, when the ctl target cannot carry it (config: use the device password field)' })),
    },
    { additionalProperties: false },
  ),
  defaultPollIntervalMs: 5000,
  defaultTimeoutMs: 2000,
  create: (ctx: DriverContext) => new ExtronSmpDriver(ctx),
  ctl: {
    ...recorderCtl,
    extend: {
      usage: '<minutes>',
      async run(driver, args) {
        const minutes = Number(args[0]);
        await asExtron(driver).extend(minutes);
        return { extended: `${String(minutes)} min` };
      },
    },
  },
};
