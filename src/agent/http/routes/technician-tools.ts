import { arch, hostname, platform, release } from 'node:os';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { stringify } from 'yaml';
import { DISCOVERY_KINDS } from '../../../contract/names.js';
import { BytesReplySchema, DiagnosticsSchema, DiscoveryReplySchema, SnippetReplySchema, type Diagnostics } from '../../../contract/technician.js';
import { RoomConfigSchema, schemaProblems } from '../../../core/config/index.js';
import { ScError, catalog, messageOf, type ErrorSpec } from '../../../core/errors/index.js';
import { redact, redactText } from '../../../core/secrets.js';
import { discoverHid } from '../../../discovery/hid.js';
import { discoverOnvif } from '../../../discovery/onvif.js';
import { discoverSerial } from '../../../discovery/serial.js';
import type { DiscoveryOptions, DiscoveryResult } from '../../../discovery/types.js';
import type { Driver } from '../../../drivers/driver.js';
import { hidDriversFor } from '../../../drivers/hid/match.js';
import { findDriver } from '../../../drivers/registry.js';
import { fromHex, hex, parseTarget } from '../../../transports/index.js';
import { DeviceHistory } from '../device-history.js';
import { IdParam, errorReplies } from '../schemas.js';
import { tarGz } from '../tar.js';
import type { RouteOptions } from './common.js';

const unauthorized = { 401: Type.Ref('ErrorReply'), 403: Type.Ref('ErrorReply') };
const Params = Type.Object({ id: IdParam }, { additionalProperties: false });

const BytesBody = Type.Object(
  {
    hex: Type.Optional(Type.String({ maxLength: 1024, description: 'bytes as hex: "AA 11 01 00 12"' })),
    text: Type.Optional(Type.String({ maxLength: 512, description: 'bytes as text; \\r and \\n are sent as CR and LF' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

const DiscoveryQuery = Type.Object(
  { kind: Type.Union(DISCOVERY_KINDS.map((k) => Type.Literal(k))), timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 10_000 })) },
  { additionalProperties: false },
);

const SnippetBody = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    driver: Type.String({ maxLength: 64 }),
    target: Type.String({ maxLength: 500 }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    options: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]), { maxProperties: 32 })),
  },
  { additionalProperties: false },
);

/** A driver whose link can carry bytes typed by a technician, the reply read back as bytes. */
interface ByteConsole {
  rawExchange(bytes: Buffer, timeoutMs: number): Promise<Buffer>;
}

function byteConsole(driver: Driver): ByteConsole | undefined {
  const candidate = driver as Driver & Partial<ByteConsole>;
  return typeof candidate.rawExchange === 'function' ? (candidate as Driver & ByteConsole) : undefined;
}

/** `\r`, `\n`, `\t` and `\xNN` in console text, as a technician types them. */
function unescapeText(text: string): Buffer {
  return Buffer.from(
    text.replace(/\\(r|n|t|x[0-9a-fA-F]{2}|\\)/g, (_m, e: string) => (e === 'r' ? '\r' : e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16)))),
    'latin1',
  );
}

/** Printable ASCII as is, the rest as \xNN, so a reply is readable and exact. */
function printable(bytes: Buffer): string {
  return Array.from(bytes, (b) => (b === 0x0d ? '\\r' : b === 0x0a ? '\\n' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

/**
 * The catalog's hint for a code, when it reads well without the error's own parameters (a
 * hint such as "Known devices: {known}." needs them and is left out).
 */
function hintOf(code: string): string | undefined {
  const spec: ErrorSpec | undefined = (catalog as Readonly<Record<string, ErrorSpec>>)[code];
  const hint = spec?.hint;
  return hint === undefined || /\{\w+\}/.test(hint) ? undefined : hint;
}

const DISCOVERERS: Readonly<Record<string, (o: DiscoveryOptions) => Promise<DiscoveryResult>>> = {
  serial: discoverSerial,
  onvif: discoverOnvif,
  hid: (o) => discoverHid(o, hidDriversFor),
};

/**
 * What the technician page needs beyond the agent's own technician routes: device diagnostics
 * with history, a byte console, discovery, config snippets and the support bundle.
 */
export const technicianToolRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  const history = new DeviceHistory();
  history.attach(deps.bus);
  app.addHook('onClose', () => history.detach());

  const diagnostics = (): Diagnostics[] =>
    deps.devices.list().map((info) => {
      const plan = deps.devices.plan(info.id);
      const driver = plan.driver;
      const h = history.of(info.id);
      return {
        ...info,
        capabilities: [...info.capabilities],
        target: redactText(plan.config.target),
        ...(plan.descriptor === undefined ? {} : { description: plan.descriptor.description }),
        commands: Object.entries(plan.descriptor?.ctl ?? {}).map(([name, a]) => ({ name, usage: a.usage })),
        bytes: driver !== undefined && byteConsole(driver) !== undefined,
        samples: h.samples,
        errors: h.errors,
        problems: h.groups.map((g) => {
          const hint = hintOf(g.code);
          return { ...g, ...(hint === undefined ? {} : { hint }) };
        }),
      };
    });

  app.register((scoped, _opts, done) => {
    scoped.addHook('preHandler', auth.require);

    scoped.get('/api/technician/devices', {
      schema: { summary: 'every device with state, health, history and last errors', tags: ['technician'], response: { 200: Type.Array(DiagnosticsSchema), ...unauthorized } },
      handler: () => diagnostics(),
    });

    scoped.post<{ Params: Static<typeof Params>; Body: Static<typeof BytesBody> }>('/api/technician/devices/:id/bytes', {
      schema: { summary: 'send raw bytes (hex or text) and read the reply bytes', tags: ['technician'], params: Params, body: BytesBody, response: { 200: BytesReplySchema, ...unauthorized, ...errorReplies } },
      handler: async (request) => {
        const { id } = request.params;
        const { hex: hexText, text, timeoutMs } = request.body;
        if ((hexText === undefined) === (text === undefined)) throw new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: 'body needs exactly one of hex or text' });
        let bytes: Buffer;
        try {
          bytes = hexText !== undefined ? fromHex(hexText) : unescapeText(text ?? '');
        } catch (err) {
          throw new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: `body.hex: ${messageOf(err)}` });
        }
        if (bytes.length === 0) throw new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: 'nothing to send' });
        const console = byteConsole(deps.devices.driver(id));
        if (console === undefined) throw new ScError('SC_ERR_DEVICE_UNSUPPORTED', { device: id, capability: 'raw bytes (use a text command)' });
        request.log.info({ device: id, tx: hex(bytes) }, 'technician raw bytes');
        const began = Date.now();
        const reply = await console.rawExchange(bytes, timeoutMs ?? 2000);
        return { device: id, sent: hex(bytes), reply: hex(reply), replyText: printable(reply), latencyMs: Date.now() - began };
      },
    });

    scoped.get<{ Querystring: Static<typeof DiscoveryQuery> }>('/api/technician/discovery', {
      schema: {
        summary: 'find ONVIF cameras, serial ports or HID devices from the agent',
        tags: ['technician'],
        querystring: DiscoveryQuery,
        response: { 200: DiscoveryReplySchema, ...unauthorized, ...errorReplies },
      },
      handler: async (request) => {
        const { kind, timeoutMs } = request.query;
        const run = DISCOVERERS[kind];
        if (run === undefined) throw new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: `unknown discovery ${kind}` });
        const result = await run({ log: request.log.child({ discovery: kind }) as DiscoveryOptions['log'], timeoutMs: timeoutMs ?? 3000 });
        return { kind, ...result };
      },
    });

    scoped.post<{ Body: Static<typeof SnippetBody> }>('/api/technician/config/device-snippet', {
      schema: {
        summary: 'check a device for the room config and return it as YAML to add under devices:',
        tags: ['technician'],
        body: SnippetBody,
        response: { 200: SnippetReplySchema, ...unauthorized, ...errorReplies },
      },
      handler: (request) => {
        const device = { ...request.body };
        const problems: string[] = [];
        const deviceSchema = RoomConfigSchema.properties.devices.items;
        for (const p of schemaProblems(deviceSchema, device)) problems.push(`${p.path.join('.') || 'device'} ${p.message}`);
        if (deps.devices.has(device.id)) problems.push(`id ${device.id} is already used in this room`);
        try {
          const descriptor = findDriver(device.driver);
          for (const p of schemaProblems(descriptor.optionsSchema, device.options ?? {})) problems.push(`options.${p.path.join('.')} ${p.message}`);
          const kind = parseTarget(device.target).kind;
          if (!descriptor.targets.includes(kind)) problems.push(`target is a ${kind} target; ${descriptor.name} takes ${descriptor.targets.join(', ')}`);
        } catch (err) {
          problems.push(messageOf(err));
        }
        const yaml = stringify([device], { indent: 2 });
        return { ok: problems.length === 0, yaml, problems };
      },
    });

    scoped.get('/api/technician/support-bundle', {
      schema: { summary: 'a .tar.gz for support: config (secrets redacted), recent logs, health, versions', tags: ['technician'], produces: ['application/gzip'], response: { ...unauthorized } },
      handler: (_request, reply) => {
        const snapshot = deps.controller.snapshot();
        const now = Date.now();
        const versions = { agent: deps.version, node: process.version, platform: platform(), release: release(), arch: arch(), hostname: hostname(), uptimeS: Math.round((now - deps.startedAt) / 1000), generatedAt: new Date(now).toISOString() };
        // Everything in the bundle goes through the one redaction, whatever its source already did.
        const logs = (deps.logs?.recent(2000) ?? []).map((l) => (typeof l === 'string' ? redactText(l) : JSON.stringify(redact(l)))).join('\n');
        const json = (value: unknown): string => `${JSON.stringify(redact(value), null, 2)}\n`;
        const body = tarGz([
          { name: 'README.txt', content: `Smart Classroom support bundle for room ${snapshot.room.id}, made ${versions.generatedAt}.\nconfig.json has every secret replaced by [redacted].\n` },
          { name: 'versions.json', content: json(versions) },
          { name: 'config.json', content: json(deps.configView?.() ?? {}) },
          { name: 'health.json', content: json({ room: snapshot.room, session: snapshot.session, scenes: deps.scenes.list(), devices: diagnostics() }) },
          { name: 'logs.jsonl', content: `${logs}\n` },
        ]);
        const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
        return reply
          .type('application/gzip')
          .header('content-disposition', `attachment; filename="support-${snapshot.room.id}-${stamp}.tar.gz"`)
          .header('cache-control', 'no-store')
          .send(body);
      },
    });
    done();
  });
  return Promise.resolve();
};
