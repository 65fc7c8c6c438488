import { randomBytes } from 'node:crypto';
import { waitAtMost } from '../../../core/with-timeout.js';
import type { PresetStore, PtzHead, SimEvent, Subscription, Vec } from './camera-state.js';
import type { FixtureSet, RenderContext } from './fixtures.js';
import { NS, fault, invalidArg, notSupported, ok, type SoapReply } from './soap.js';
import { attrOf, esc, get, textOf, type XmlNode, type XmlValue } from './xml.js';

/** Everything an operation handler may touch. */
export interface CameraContext {
  set: FixtureSet;
  render: RenderContext;
  head: PtzHead;
  presets: PresetStore;
  ptz: boolean;
  subscriptions: Map<string, Subscription>;
  /** Longest a PullMessages is held open when there is nothing to deliver. */
  maxHoldMs: number;
  /** Resolves when the server stops, so that held pulls end. */
  closing: Promise<void>;
}

type Handler = (ctx: CameraContext, req: XmlValue | undefined, path: string) => SoapReply | Promise<SoapReply>;

const n = (v: string | undefined, fallback: number): number => {
  const x = Number(v);
  return v === undefined || !Number.isFinite(x) ? fallback : x;
};

function vectorOf(node: XmlValue | undefined, base: Vec): Vec {
  const pt = get(node, 'PanTilt');
  const z = get(node, 'Zoom');
  return { pan: n(attrOf(pt, 'x'), base.pan), tilt: n(attrOf(pt, 'y'), base.tilt), zoom: n(attrOf(z, 'x'), base.zoom) };
}

const inRange = (v: Vec): boolean => v.pan >= -1 && v.pan <= 1 && v.tilt >= -1 && v.tilt <= 1 && v.zoom >= 0 && v.zoom <= 1;

const position = (v: Vec): string =>
  `<tt:PanTilt x="${v.pan.toFixed(6)}" y="${v.tilt.toFixed(6)}" space="http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace"/>` +
  `<tt:Zoom x="${v.zoom.toFixed(6)}" space="http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace"/>`;

/** ISO 8601 durations as cameras receive them (PT10S, PT1M, PT2M30S). */
function durationMs(text: string | undefined, fallback: number): number {
  const m = /^P(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec((text ?? '').trim());
  if (m === null) return fallback;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

function dateTime(ctx: CameraContext): SoapReply {
  const d = ctx.render.now();
  return ok(
    ctx.set,
    `<tds:GetSystemDateAndTimeResponse xmlns:tds="${NS.tds}" xmlns:tt="${NS.tt}"><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
      `<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
      `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
  );
}

const ptzOps: Record<string, Handler> = {
  GetStatus: (ctx) => {
    const moving = ctx.head.moving() ? 'MOVING' : 'IDLE';
    return ok(
      ctx.set,
      `<tptz:GetStatusResponse xmlns:tptz="${NS.tptz}" xmlns:tt="${NS.tt}"><tptz:PTZStatus><tt:Position>${position(ctx.head.position())}</tt:Position>` +
        `<tt:MoveStatus><tt:PanTilt>${moving}</tt:PanTilt><tt:Zoom>${moving}</tt:Zoom></tt:MoveStatus><tt:UtcTime>${ctx.render.now().toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`,
    );
  },
  GetPresets: (ctx) =>
    ok(
      ctx.set,
      `<tptz:GetPresetsResponse xmlns:tptz="${NS.tptz}" xmlns:tt="${NS.tt}">${ctx.presets
        .list()
        .map((p) => `<tptz:Preset token="${esc(p.token)}"><tt:Name>${esc(p.name)}</tt:Name><tt:PTZPosition>${position(p.position)}</tt:PTZPosition></tptz:Preset>`)
        .join('')}</tptz:GetPresetsResponse>`,
    ),
  SetPreset: (ctx, req) => {
    const name = textOf(get(req, 'PresetName')) ?? '';
    const token = textOf(get(req, 'PresetToken'));
    if (name === '' || name.length > 64) return invalidArg(ctx.set, 'InvalidPresetName', 'The requested name is empty or too long');
    const saved = ctx.presets.save(name, ctx.head.position(), token);
    if (saved === undefined) return invalidArg(ctx.set, 'NoToken', `No preset with token ${token ?? ''}`);
    return ok(ctx.set, `<tptz:SetPresetResponse xmlns:tptz="${NS.tptz}"><tptz:PresetToken>${esc(saved.token)}</tptz:PresetToken></tptz:SetPresetResponse>`);
  },
  RemovePreset: (ctx, req) => {
    const token = textOf(get(req, 'PresetToken')) ?? '';
    if (!ctx.presets.remove(token)) return invalidArg(ctx.set, 'NoToken', `No preset with token ${token}`);
    return ok(ctx.set, `<tptz:RemovePresetResponse xmlns:tptz="${NS.tptz}"/>`);
  },
  GotoPreset: (ctx, req) => {
    const token = textOf(get(req, 'PresetToken')) ?? '';
    const preset = ctx.presets.get(token);
    if (preset === undefined) return invalidArg(ctx.set, 'NoToken', `No preset with token ${token}`);
    ctx.head.moveTo(preset.position);
    return ok(ctx.set, `<tptz:GotoPresetResponse xmlns:tptz="${NS.tptz}"/>`);
  },
  GotoHomePosition: (ctx) => {
    ctx.head.moveTo(ctx.head.home);
    return ok(ctx.set, `<tptz:GotoHomePositionResponse xmlns:tptz="${NS.tptz}"/>`);
  },
  SetHomePosition: (ctx) => {
    ctx.head.home = ctx.head.position();
    return ok(ctx.set, `<tptz:SetHomePositionResponse xmlns:tptz="${NS.tptz}"/>`);
  },
  AbsoluteMove: (ctx, req) => {
    const target = vectorOf(get(req, 'Position'), ctx.head.position());
    if (!inRange(target)) return invalidArg(ctx.set, 'InvalidPosition', 'The requested position is out of bounds');
    ctx.head.moveTo(target);
    return ok(ctx.set, `<tptz:AbsoluteMoveResponse xmlns:tptz="${NS.tptz}"/>`);
  },
  RelativeMove: (ctx, req) => {
    ctx.head.moveBy(vectorOf(get(req, 'Translation'), { pan: 0, tilt: 0, zoom: 0 }));
    return ok(ctx.set, `<tptz:RelativeMoveResponse xmlns:tptz="${NS.tptz}"/>`);
  },
  ContinuousMove: (ctx, req) => {
    ctx.head.drive(vectorOf(get(req, 'Velocity'), { pan: 0, tilt: 0, zoom: 0 }));
    return ok(ctx.set, `<tptz:ContinuousMoveResponse xmlns:tptz="${NS.tptz}"/>`);
  },
  Stop: (ctx) => {
    ctx.head.stop();
    return ok(ctx.set, `<tptz:StopResponse xmlns:tptz="${NS.tptz}"/>`);
  },
};

function subscriptionAddress(ctx: CameraContext, id: string): string {
  return `http://${ctx.render.hostname}:${ctx.render.port}/onvif/subscription/${id}`;
}

function subscriptionOf(ctx: CameraContext, path: string): Subscription | undefined {
  const id = /\/onvif\/subscription\/([\w-]+)/.exec(path)?.[1];
  const sub = id === undefined ? undefined : ctx.subscriptions.get(id);
  if (sub !== undefined && sub.terminationMs < ctx.render.now().getTime()) {
    ctx.subscriptions.delete(sub.id);
    return undefined;
  }
  return sub;
}

const unknownSubscription = (ctx: CameraContext): SoapReply => fault(ctx.set, 'Sender', ['wsrf-r:ResourceUnknownFault'], 'The subscription does not exist (expired or the camera restarted)');

function times(ctx: CameraContext, sub: Subscription): string {
  return `<tev:CurrentTime>${ctx.render.now().toISOString()}</tev:CurrentTime><tev:TerminationTime>${new Date(sub.terminationMs).toISOString()}</tev:TerminationTime>`;
}

function notification(ctx: CameraContext, e: SimEvent, address: string): string {
  const items = (rec: Record<string, string>): string => Object.entries(rec).map(([k, v]) => `<tt:SimpleItem Name="${esc(k)}" Value="${esc(v)}"/>`).join('');
  return (
    `<wsnt:NotificationMessage><wsnt:SubscriptionReference><wsa:Address>${esc(address)}</wsa:Address></wsnt:SubscriptionReference>` +
    `<wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">${esc(e.topic)}</wsnt:Topic>` +
    `<wsnt:Message><tt:Message UtcTime="${e.utcTime}" PropertyOperation="Changed"><tt:Source>${items(e.source)}</tt:Source><tt:Data>${items(e.data)}</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`
  );
}

const eventOps: Record<string, Handler> = {
  CreatePullPointSubscription: (ctx, req) => {
    if (ctx.subscriptions.size >= 8) return fault(ctx.set, 'Receiver', ['ter:Action', 'ter:TooManySubscriptions'], 'Too many subscriptions');
    const id = randomBytes(6).toString('hex');
    const now = ctx.render.now().getTime();
    const sub: Subscription = { id, terminationMs: now + durationMs(textOf(get(req, 'InitialTerminationTime')), 60_000), queue: [], waiter: undefined };
    ctx.subscriptions.set(id, sub);
    return ok(
      ctx.set,
      `<tev:CreatePullPointSubscriptionResponse xmlns:tev="${NS.tev}" xmlns:wsnt="${NS.wsnt}" xmlns:wsa="${NS.wsa}"><tev:SubscriptionReference><wsa:Address>${subscriptionAddress(ctx, id)}</wsa:Address></tev:SubscriptionReference>` +
        `<wsnt:CurrentTime>${new Date(now).toISOString()}</wsnt:CurrentTime><wsnt:TerminationTime>${new Date(sub.terminationMs).toISOString()}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>`,
    );
  },
  PullMessages: async (ctx, req, path) => {
    const sub = subscriptionOf(ctx, path);
    if (sub === undefined) return unknownSubscription(ctx);
    const limit = Math.max(1, n(textOf(get(req, 'MessageLimit')), 10));
    if (sub.queue.length === 0) {
      const hold = Math.min(durationMs(textOf(get(req, 'Timeout')), 10_000), ctx.maxHoldMs);
      // Held until an event comes, the hold time passes or the simulator closes.
      await waitAtMost(Promise.race([new Promise<void>((r) => (sub.waiter = r)), ctx.closing]), hold);
      sub.waiter = undefined;
    }
    if (!ctx.subscriptions.has(sub.id)) return unknownSubscription(ctx);
    const messages = sub.queue.splice(0, limit);
    const address = subscriptionAddress(ctx, sub.id);
    return ok(
      ctx.set,
      `<tev:PullMessagesResponse xmlns:tev="${NS.tev}" xmlns:wsnt="${NS.wsnt}" xmlns:wsa="${NS.wsa}" xmlns:tt="${NS.tt}" xmlns:tns1="${NS.tns1}">${times(ctx, sub)}${messages.map((m) => notification(ctx, m, address)).join('')}</tev:PullMessagesResponse>`,
    );
  },
  Renew: (ctx, req, path) => {
    const sub = subscriptionOf(ctx, path);
    if (sub === undefined) return unknownSubscription(ctx);
    sub.terminationMs = ctx.render.now().getTime() + durationMs(textOf(get(req, 'TerminationTime')), 60_000);
    return ok(ctx.set, `<wsnt:RenewResponse xmlns:wsnt="${NS.wsnt}"><wsnt:TerminationTime>${new Date(sub.terminationMs).toISOString()}</wsnt:TerminationTime><wsnt:CurrentTime>${ctx.render.now().toISOString()}</wsnt:CurrentTime></wsnt:RenewResponse>`);
  },
  Unsubscribe: (ctx, _req, path) => {
    const sub = subscriptionOf(ctx, path);
    if (sub === undefined) return unknownSubscription(ctx);
    ctx.subscriptions.delete(sub.id);
    sub.waiter?.();
    return ok(ctx.set, `<wsnt:UnsubscribeResponse xmlns:wsnt="${NS.wsnt}"/>`);
  },
};

/** Adds a PTZ service and PTZ configurations to captures of fixed cameras (`--set ptz=on`). */
function withPtz(ctx: CameraContext, operation: string, xml: string): string {
  const xaddr = `http://${ctx.render.hostname}:${ctx.render.port}/onvif/PTZ`;
  if (operation === 'GetCapabilities' && !/<(?:\w+:)?PTZ>/.test(xml)) {
    return xml.replace(/(<(\w+):Capabilities>)/, `$1<tt:PTZ xmlns:tt="${NS.tt}"><tt:XAddr>${xaddr}</tt:XAddr></tt:PTZ>`);
  }
  if (operation === 'GetServices' && !xml.includes(`Namespace>${NS.tptz}<`)) {
    return xml.replace(/(<(\w+):GetServicesResponse>)/, `$1<tds:Service xmlns:tds="${NS.tds}" xmlns:tt="${NS.tt}"><tds:Namespace>${NS.tptz}</tds:Namespace><tds:XAddr>${xaddr}</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>40</tt:Minor></tds:Version></tds:Service>`);
  }
  if (operation === 'GetProfiles' && !/PTZConfiguration/.test(xml)) {
    return xml.replace(/(<\/(\w+):Profiles>)/g, `<tt:PTZConfiguration xmlns:tt="${NS.tt}" token="ptz0"><tt:Name>PTZ</tt:Name><tt:UseCount>1</tt:UseCount><tt:NodeToken>ptznode0</tt:NodeToken></tt:PTZConfiguration>$1`);
  }
  return xml;
}

/** The path the simulator serves its snapshot JPEG on. */
export const SNAPSHOT_PATH = '/snapshot.jpg';

/** Captures name the capturing camera's LAN address; ours is the simulator's own host:port. */
function ownSnapshotUri(ctx: CameraContext, xml: string): string {
  return xml.replace(/(<(?:\w+:)?Uri>)[^<]*(<\/(?:\w+:)?Uri>)/, `$1http://${ctx.render.hostname}:${ctx.render.port}${SNAPSHOT_PATH}$2`);
}

/** Answers one SOAP operation from state or captures; undefined service/operation gets the vendor's fault. */
export async function handle(ctx: CameraContext, service: string, operation: string, doc: XmlNode, path: string): Promise<SoapReply> {
  const req = get(doc, 'Envelope', 'Body', operation);
  if (operation === 'GetSystemDateAndTime') return dateTime(ctx);
  if (service === 'ptz') {
    const h = ptzOps[operation];
    if (!ctx.ptz) return notSupported(ctx.set, operation);
    if (h !== undefined) return h(ctx, req, path);
  }
  if (service === 'events') {
    const h = eventOps[operation];
    if (h !== undefined) return h(ctx, req, path);
  }
  const captured = ctx.set.response(service, operation, ctx.render);
  if (captured !== undefined && operation === 'GetSnapshotUri') return { status: 200, body: ownSnapshotUri(ctx, captured) };
  if (captured !== undefined) return { status: 200, body: ctx.ptz && ctx.set.vendor ? withPtz(ctx, operation, captured) : captured };
  const error = ctx.set.error(service, operation, ctx.render);
  if (error !== undefined) return { status: 400, body: error };
  return notSupported(ctx.set, operation);
}

/** Events the simulator can raise, in the topic spelling of the capture set. */
export function makeEvent(ctx: CameraContext, type: 'motion' | 'tamper' | 'video-loss', active: boolean): SimEvent {
  const utcTime = ctx.render.now().toISOString();
  const state = active ? 'true' : 'false';
  if (type === 'tamper') return { topic: 'tns1:VideoSource/GlobalSceneChange/ImagingService', source: { Source: 'VideoSource_1' }, data: { State: state }, utcTime };
  if (type === 'video-loss') return { topic: 'tns1:VideoSource/SignalLoss', source: { Source: 'VideoSource_1' }, data: { State: state }, utcTime };
  if (ctx.set.vendor) return { topic: 'tns1:VideoSource/MotionAlarm', source: { Source: 'VideoSource_1' }, data: { State: state }, utcTime };
  return { topic: 'tns1:RuleEngine/CellMotionDetector/Motion', source: { VideoSourceConfigurationToken: '000', VideoAnalyticsConfigurationToken: '000', Rule: '000' }, data: { IsMotion: state }, utcTime };
}

