import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScError } from '../../../core/errors/index.js';

/** `fixtures/onvif/` in the repository (from src/ or dist/src/). */
export function defaultFixturesDir(): string {
  const candidates = ['../../../../fixtures/onvif', '../../../../../fixtures/onvif'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((d) => existsSync(join(d, 'mockup'))) ?? candidates[0] ?? 'fixtures/onvif';
}

export const FIXTURE_SETS = ['mockup', 'hikvision-fixed', 'trendnet'] as const;

/** ONVIF service of a request, from the namespace of its operation element. */
export function serviceOf(ns: string): string {
  if (ns.includes('/ver20/ptz/')) return 'ptz';
  if (ns.includes('/ver20/media/')) return 'media2';
  if (ns.includes('/media/')) return 'media';
  if (ns.includes('/events/') || ns.includes('/wsn/')) return 'events';
  if (ns.includes('/imaging/')) return 'imaging';
  if (ns.includes('/analytics/')) return 'analytics';
  if (ns.includes('/deviceIO/')) return 'deviceio';
  return 'device';
}

const VENDOR_DIRS: Record<string, string> = { device: 'core', media: 'media', events: 'events', analytics: 'analytics' };

export interface RenderContext {
  hostname: string;
  port: number;
  pullPointUrl: string;
  /** The camera's clock now. */
  now(): Date;
}

/** One set of captures: a vendor's answers, in that vendor's envelope. */
export interface FixtureSet {
  name: string;
  vendor: boolean;
  /** The capture for this operation, rendered (templates filled, addresses pointed at us). */
  response(service: string, operation: string, ctx: RenderContext): string | undefined;
  /** The vendor's fault for this operation, when it captured one. */
  error(service: string, operation: string, ctx: RenderContext): string | undefined;
  /** Envelope start (XML declaration and root element with the vendor's namespaces) and its prefix. */
  envelopeStart: string;
  prefix: string;
  /** The camera clock in the GetSystemDateAndTime capture. */
  captureClock: Date;
  /** Presets in the capture (mockup only). */
  presets: { token: string; name: string }[];
}

function readAll(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string, rel: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name), `${rel}${entry.name}/`);
      else files.set(`${rel}${entry.name}`, readFileSync(join(d, entry.name), 'utf8'));
    }
  };
  walk(dir, '');
  return files;
}

const IPV4_URL = /\b(https?|rtsp):\/\/(\d{1,3}(?:\.\d{1,3}){3})(:\d+)?/g;

function render(template: string, ctx: RenderContext): string {
  const now = ctx.now();
  return template
    .replace(/\{\{\?\s*(.*?)\s*\}\}([\s\S]*?)\{\{\?\}\}/g, (_w, expr: string, inner: string) => (/^it\.bad$/.test(expr.trim()) ? '' : inner))
    .replace(/\{\{=it\.hostname\}\}/g, ctx.hostname)
    .replace(/\{\{=it\.port\}\}/g, String(ctx.port))
    .replace(/\{\{=it\.pullPointUrl\}\}/g, ctx.pullPointUrl)
    .replace(/\{\{=new Date\(Date\.now\(\)\+(\d+)\)\.toISOString\(\)\}\}/g, (_w, ms: string) => new Date(now.getTime() + Number(ms)).toISOString())
    .replace(/\{\{=new Date\(\)\.toISOString\(\)\}\}/g, now.toISOString())
    .replace(IPV4_URL, (_w, scheme: string, _ip: string, port: string | undefined) =>
      scheme === 'rtsp' ? `rtsp://${ctx.hostname}${port ?? ''}` : `${scheme}://${ctx.hostname}:${ctx.port}`,
    );
}

function envelopeOf(xml: string): { start: string; prefix: string } {
  const m = /^([\s\S]*?<([\w.-]+):Envelope\b[^>]*>)/.exec(xml);
  if (m === null) throw new ScError('SC_ERR_SIMULATOR_FIXTURES', { reason: 'GetDeviceInformation capture has no SOAP envelope' });
  return { start: m[1] ?? '', prefix: m[2] ?? 'SOAP-ENV' };
}

function clockOf(xml: string | undefined): Date {
  const n = (tag: string): number => Number(new RegExp(`<(?:\\w+:)?${tag}>\\s*(\\d+)`).exec(xml ?? '')?.[1] ?? NaN);
  const d = new Date(Date.UTC(n('Year'), n('Month') - 1, n('Day'), n('Hour'), n('Minute'), n('Second')));
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

export function loadFixtureSet(root: string, name: string): FixtureSet {
  if (!(FIXTURE_SETS as readonly string[]).includes(name)) {
    throw new ScError('SC_ERR_SIMULATOR_FIXTURES', { reason: `unknown set "${name}" (known: ${FIXTURE_SETS.join(', ')})` });
  }
  const vendor = name !== 'mockup';
  const dir = vendor ? join(root, 'vendors', name) : join(root, 'mockup');
  if (!existsSync(dir)) throw new ScError('SC_ERR_SIMULATOR_FIXTURES', { reason: `${dir} does not exist` });
  const files = readAll(dir);
  const find = (service: string, operation: string, kind: 'Response' | 'Error'): string | undefined => {
    if (vendor) {
      const sub = VENDOR_DIRS[service];
      return sub === undefined ? undefined : files.get(`${sub}/${operation}.${kind}.xml`);
    }
    if (kind === 'Error') return undefined;
    return files.get(`${service}.${operation}.xml`) ?? files.get(`${operation}.xml`) ?? files.get(`${service}.${operation}`);
  };
  const info = find('device', 'GetDeviceInformation', 'Response');
  if (info === undefined) throw new ScError('SC_ERR_SIMULATOR_FIXTURES', { reason: `${dir} has no GetDeviceInformation capture` });
  const { start, prefix } = envelopeOf(info);
  const presetXml = find('ptz', 'GetPresets', 'Response') ?? '';
  const presets = [...presetXml.matchAll(/<(?:\w+:)?Preset token="([^"]+)">\s*<(?:\w+:)?Name>([^<]*)</g)].map((m) => ({ token: m[1] ?? '', name: m[2] ?? '' }));
  return {
    name,
    vendor,
    response: (service, operation, ctx) => {
      const t = find(service, operation, 'Response');
      return t === undefined ? undefined : render(t, ctx);
    },
    error: (service, operation, ctx) => {
      const t = find(service, operation, 'Error');
      return t === undefined ? undefined : render(t, ctx);
    },
    envelopeStart: start,
    prefix,
    captureClock: clockOf(find('device', 'GetSystemDateAndTime', 'Response')),
    presets,
  };
}
