import type { Logger } from 'pino';
import { Backoff } from '../../../core/backoff.js';
import { messageOf } from '../../../core/errors/index.js';
import type { DeviceEventType } from '../../capabilities.js';
import type { OnvifClient } from './client.js';
import { referenceParameterHeaders } from './reference-params.js';
import { attr, child, children, escapeXml, parseXml, soapBody, text, type XmlValue } from '../../../transports/xml.js';

/** One notification as the camera sent it. */
export interface OnvifNotification {
  topic: string;
  utcTime?: string;
  source: Record<string, string>;
  data: Record<string, string>;
}

export interface MappedEvent {
  type: Extract<DeviceEventType, 'motion' | 'tamper' | 'video-loss'>;
  active: boolean;
}

const STATE_ITEMS = ['State', 'IsMotion', 'IsTamper', 'IsInside', 'Value', 'LogicalState'];

/**
 * ONVIF topics to our event types. Vendors spell them differently (VideoSource/MotionAlarm,
 * RuleEngine/CellMotionDetector/Motion, VideoSource/GlobalSceneChange/ImagingService for
 * tamper, VideoSource/SignalLoss); anything else is not one of ours.
 */
export function mapTopic(n: OnvifNotification): MappedEvent | undefined {
  const topic = n.topic.toLowerCase();
  let type: MappedEvent['type'] | undefined;
  if (topic.includes('signalloss') || topic.includes('videoloss')) type = 'video-loss';
  else if (topic.includes('tamper') || topic.includes('globalscenechange')) type = 'tamper';
  else if (topic.includes('motion')) type = 'motion';
  if (type === undefined) return undefined;
  const item = STATE_ITEMS.map((k) => n.data[k]).find((v) => v !== undefined);
  const active = item === undefined ? true : /^(true|1|active|on)$/i.test(item.trim());
  return { type, active };
}

function items(node: XmlValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of children(node, 'SimpleItem')) {
    const name = attr(item, 'Name');
    const value = attr(item, 'Value');
    if (name !== undefined && value !== undefined) out[name] = value;
  }
  return out;
}

/** The notifications in a PullMessages reply (throws when it is not a PullMessages reply). */
export function parseNotifications(xml: string): { notifications: OnvifNotification[]; remainingMs?: number } {
  const r = child(soapBody(parseXml(xml)), 'PullMessagesResponse');
  if (r === undefined) throw new Error('no PullMessagesResponse in the reply');
  const notifications = children(r, 'NotificationMessage').map((m) => {
    const message = child(m, 'Message', 'Message');
    const utcTime = attr(message, 'UtcTime');
    return {
      topic: (text(child(m, 'Topic')) ?? '').trim(),
      ...(utcTime === undefined ? {} : { utcTime }),
      source: items(child(message, 'Source')),
      data: items(child(message, 'Data')),
    };
  });
  const current = Date.parse(text(child(r, 'CurrentTime')) ?? '');
  const termination = Date.parse(text(child(r, 'TerminationTime')) ?? '');
  return Number.isFinite(current) && Number.isFinite(termination) ? { notifications, remainingMs: termination - current } : { notifications };
}

export function parseSubscriptionAddress(xml: string): string | undefined {
  return text(child(soapBody(parseXml(xml)), 'CreatePullPointSubscriptionResponse', 'SubscriptionReference', 'Address'))?.trim();
}

export interface PullPointSettings {
  client: OnvifClient;
  log: Logger;
  /** How long the camera may hold a PullMessages open when it has nothing (ONVIF allows up to a minute). */
  pullSeconds: number;
  retry: { initialMs: number; maxMs: number };
  onNotification(n: OnvifNotification): void;
}

const BODY_ATTRS = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';

/**
 * A PullPoint subscription kept alive: pull, renew before it expires, and create a new one
 * whenever a pull fails (after a camera reboot the old subscription no longer exists).
 */
export class PullPoint {
  private running = false;
  private loop: Promise<void> | undefined;
  private address: string | undefined;
  /** The subscription's reference parameters, sent as headers with every request to it. */
  private refHeaders: string[] = [];
  private wake: (() => void) | undefined;
  private readonly backoff: Backoff;

  constructor(private readonly s: PullPointSettings) {
    this.backoff = new Backoff({ initialMs: s.retry.initialMs, maxMs: s.retry.maxMs });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    this.s.client.abort('PullMessages');
    await this.loop;
    const address = this.address;
    this.address = undefined;
    if (address !== undefined) {
      // Cameras have few subscription slots: give ours back (best effort).
      await this.send('Unsubscribe', address, '<Unsubscribe xmlns="http://docs.oasis-open.org/wsn/b-2"/>', 2000).catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (this.address === undefined) this.address = await this.subscribe();
        const xml = await this.send(
          'PullMessages',
          this.address,
          `<PullMessages xmlns="http://www.onvif.org/ver10/events/wsdl"><Timeout>PT${this.s.pullSeconds}S</Timeout><MessageLimit>32</MessageLimit></PullMessages>`,
          (this.s.pullSeconds + 10) * 1000,
        );
        if (!this.running) break;
        const { notifications, remainingMs } = parseNotifications(xml);
        for (const n of notifications) this.s.onNotification(n);
        if (remainingMs !== undefined && remainingMs < (this.s.pullSeconds + 30) * 1000) {
          await this.send('Renew', this.address, '<Renew xmlns="http://docs.oasis-open.org/wsn/b-2"><TerminationTime>PT120S</TerminationTime></Renew>');
        }
        this.backoff.reset();
      } catch (err) {
        if (!this.running) break;
        this.address = undefined;
        const delay = this.backoff.next();
        this.s.log.warn({ err: messageOf(err), retryInMs: delay }, 'event subscription failed; creating a new one');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async subscribe(): Promise<string> {
    const [, xml] = await this.s.client.call('CreatePullPointSubscription', 'createPullPointSubscription', [], { exclusive: false });
    const address = parseSubscriptionAddress(xml);
    if (address === undefined || address === '') throw new Error('CreatePullPointSubscription reply has no subscription address');
    this.refHeaders = referenceParameterHeaders(xml);
    return address;
  }

  private send(command: string, address: string, payload: string, replyTimeout?: number): Promise<string> {
    let path: string;
    try {
      const url = new URL(address);
      path = `${url.pathname}${url.search}`;
    } catch {
      path = address.startsWith('/') ? address : '/';
    }
    return this.s.client.raw(
      command,
      (header, footer) => `${header}<a:To s:mustUnderstand="1">${escapeXml(address)}</a:To>${this.refHeaders.join('')}</s:Header><s:Body ${BODY_ATTRS}>${payload}${footer}`,
      { url: { path }, ...(replyTimeout === undefined ? {} : { replyTimeout }) },
      { exclusive: false },
    );
  }
}
