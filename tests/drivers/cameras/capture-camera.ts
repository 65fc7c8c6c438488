import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { operationOf } from './soap-fields.js';

/**
 * A camera made of captures of real ones: each SOAP request is answered with the vendor's
 * captured `<service>/<Operation>.Response.xml` (or its captured `.Error.xml` fault), unedited,
 * from fixtures/onvif/vendors (hikvision-fixed, trendnet) or tests/fixtures/onvif-vendors (axis,
 * hikvision, pelco). It records every request so the tests compare them with the captured
 * `*.Request.xml`. Written for the tests; nothing of the driver or the simulator is used.
 * A test may replace the answer to an operation (`script`) to play a sequence of states.
 */
export interface RecordedRequest {
  op: string;
  ns: string;
  path: string;
  body: string;
}

export type Answer = { status: number; xml: string };

const ROOTS = [fileURLToPath(new URL('../../fixtures/onvif-vendors/', import.meta.url)), fileURLToPath(new URL('../../../fixtures/onvif/vendors/', import.meta.url))];

export const CAPTURE_VENDORS = ['axis', 'hikvision', 'pelco', 'hikvision-fixed', 'trendnet'] as const;
export type CaptureVendor = (typeof CAPTURE_VENDORS)[number];

export function serviceDir(ns: string): string {
  if (ns.includes('/ver20/ptz/')) return 'ptz';
  if (ns.includes('/ver20/media/')) return 'media2';
  if (ns.includes('/ver10/media/')) return 'media';
  if (ns.includes('/events/') || ns.includes('/wsn/')) return 'events';
  return 'core';
}

/** A captured file of a vendor, or undefined (the repository's fixtures/onvif copy has no requests: those are here). */
export function capture(vendor: CaptureVendor, service: string, op: string, kind: 'Request' | 'Response' | 'Error'): string | undefined {
  const file = ROOTS.map((r) => `${r}${vendor}/${service}/${op}.${kind}.xml`).find((f) => existsSync(f));
  return file === undefined ? undefined : readFileSync(file, 'utf8');
}

function notSupported(op: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault><env:Code><env:Value>env:Receiver</env:Value><env:Subcode><env:Value>ter:ActionNotSupported</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">${op} is not in the captures</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>`;
}

export class CaptureCamera {
  readonly requests: RecordedRequest[] = [];
  /** Answers that replace the captured ones, per operation (called with the request). */
  readonly script = new Map<string, (req: RecordedRequest) => Answer | Promise<Answer> | undefined>();
  private server: Server | undefined;
  port = 0;

  constructor(readonly vendor: CaptureVendor) {}

  get url(): string {
    return `http://127.0.0.1:${String(this.port)}/onvif/device_service`;
  }

  sent(op: string): RecordedRequest[] {
    return this.requests.filter((r) => r.op === op);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const op = operationOf(body);
    const recorded: RecordedRequest = { op: op?.name ?? '?', ns: op?.ns ?? '', path: req.url ?? '/', body };
    this.requests.push(recorded);
    const answer = (await this.script.get(recorded.op)?.(recorded)) ?? this.answer(recorded);
    res.writeHead(answer.status, { 'content-type': 'application/soap+xml; charset=utf-8' });
    res.end(answer.xml);
  }

  private answer(r: RecordedRequest): Answer {
    const service = serviceDir(r.ns);
    const ok = capture(this.vendor, service, r.op, 'Response');
    if (ok !== undefined) return { status: 200, xml: ok };
    const fault = capture(this.vendor, service, r.op, 'Error');
    return { status: fault === undefined ? 500 : 400, xml: fault ?? notSupported(r.op) };
  }
}
