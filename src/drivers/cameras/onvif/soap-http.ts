import { AsyncLocalStorage } from 'node:async_hooks';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import { ScError, messageOf } from '../../../core/errors/index.js';
import { faultName, isAuthFault, parseFault } from './faults.js';
import { refuseReason } from '../../../transports/xml.js';

/**
 * Our HTTP layer under the `onvif` library. The library's own one buffers any reply whole,
 * hands it to xml2js, and lets a throw inside its callbacks escape into the socket's event
 * handler; ours caps the reply size, refuses DTDs before any parser runs, turns faults into
 * coded errors, always talks to the host in the target (cameras behind NAT report addresses
 * we cannot reach), and can abort everything in flight on stop().
 */

/** What the library passes to `_requestPart2`. */
interface LibraryRequest {
  action?: string;
  service?: string;
  body: string;
  url?: { path?: string | null; pathname?: string | null };
  headers?: Record<string, string | number>;
  replyTimeout?: number;
}

type LibraryCallback = (err: Error | null, data: unknown, xml?: string, statusCode?: number) => void;

/** The call a request belongs to: its name for errors, and where a broken reply goes. */
export interface CallContext {
  command: string;
  fail(err: ScError): void;
}

export interface SoapHttpSettings {
  device: string;
  hostname: string;
  port: number;
  secure: boolean;
  defaultPath: string;
  timeoutMs: number;
  maxReplyBytes: number;
  log: Logger;
  /** The library's digest helper, bound to its camera. */
  digestAuth(challenges: string[], req: { method: string; path: string }): string;
  servicePath(service: string | undefined): string | undefined;
}

const require = createRequire(import.meta.url);
// The library's own SOAP-to-object conversion: its method callbacks expect exactly its shapes.
const parseSOAPString: (xml: string, cb: LibraryCallback, statusCode: number) => void = require('onvif/lib/utils.js').parseSOAPString;

export class SoapHttp {
  readonly calls = new AsyncLocalStorage<CallContext>();
  private readonly inFlight = new Map<ClientRequest, string>();
  private closed = false;

  constructor(private readonly s: SoapHttpSettings) {}

  /** Aborts every request in flight; later ones fail at once. */
  close(): void {
    this.closed = true;
    for (const req of this.inFlight.keys()) req.destroy();
    this.inFlight.clear();
  }

  /** Aborts the requests of one command (the long event pull, when stopping). */
  abort(command: string): void {
    for (const [req, name] of this.inFlight) if (name === command) req.destroy();
  }

  /** Installed as the library's `_requestPart2`. */
  send(options: LibraryRequest, callback: LibraryCallback): void {
    const call = this.calls.getStore();
    const command = call?.command ?? operationOf(options.body);
    // A library callback that throws on a reply shape it did not expect must not escape into
    // the socket's event handler: it becomes an invalid-reply error of the call.
    const deliver: LibraryCallback = (err, data, xml, status) => {
      try {
        callback(err, data, xml, status);
      } catch (thrown) {
        const error = new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.s.device, command, detail: messageOf(thrown) }, { cause: thrown });
        if (call !== undefined) call.fail(error);
        else this.s.log.warn({ err: messageOf(thrown), command }, 'unexpected ONVIF reply shape');
      }
    };
    if (this.closed) {
      deliver(new ScError('SC_ERR_LINK_CLOSED', { device: this.s.device, awaited: `the reply to ${command}` }), null);
      return;
    }
    this.post(options, command, undefined, deliver);
  }

  private post(options: LibraryRequest, command: string, authorization: string | undefined, deliver: LibraryCallback): void {
    const path = options.url?.path ?? options.url?.pathname ?? this.s.servicePath(options.service) ?? this.s.defaultPath;
    const timeoutMs = options.replyTimeout ?? this.s.timeoutMs;
    const headers: Record<string, string | number> = {
      'Content-Type': `application/soap+xml; charset=utf-8${options.action === undefined ? '' : `; action="${options.action}"`}`,
      'Content-Length': Buffer.byteLength(options.body, 'utf8'),
    };
    if (authorization !== undefined) headers.Authorization = authorization;
    let done = false;
    const finish: LibraryCallback = (err, data, xml, status) => {
      if (done) return;
      done = true;
      this.inFlight.delete(req);
      deliver(err, data, xml, status);
    };
    const send = this.s.secure ? httpsRequest : httpRequest;
    const req = send({ hostname: this.s.hostname, port: this.s.port, path, method: 'POST', headers, agent: false });
    this.inFlight.set(req, command);
    req.setNoDelay(true);
    req.setTimeout(timeoutMs, () => {
      finish(new ScError('SC_ERR_SERIAL_TIMEOUT', { device: this.s.device, command, ms: timeoutMs, awaited: `the SOAP reply from http://${this.s.hostname}:${this.s.port}${path}` }), null);
      req.destroy();
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (done) return;
      const code = err.code ?? '';
      if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND') {
        finish(new ScError('SC_ERR_TCP_CONNECT', { host: this.s.hostname, port: this.s.port, reason: err.message }, { cause: err }), null);
      } else {
        finish(new ScError('SC_ERR_LINK_CLOSED', { device: this.s.device, awaited: `the reply to ${command} (${err.message})` }, { cause: err }), null);
      }
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const challenges = digestChallenges(res.rawHeaders);
      if (status === 401 && authorization === undefined && challenges.length > 0) {
        // The camera wants HTTP digest (instead of, or besides, WS-Security): answer once.
        res.resume();
        done = true;
        this.inFlight.delete(req);
        let header: string;
        try {
          header = this.s.digestAuth(challenges, { method: 'POST', path });
        } catch (err) {
          deliver(new ScError('SC_ERR_AUTH_FAILED', { device: this.s.device, detail: `cannot answer the digest challenge: ${messageOf(err)}` }), null);
          return;
        }
        this.post(options, command, header, deliver);
        return;
      }
      if (status === 401) {
        res.resume();
        const detail = authorization === undefined ? 'HTTP 401 without a digest challenge' : 'HTTP digest refused (401)';
        finish(new ScError('SC_ERR_AUTH_FAILED', { device: this.s.device, detail: `${detail} on ${command}` }), null, '', status);
        return;
      }
      this.readBody(res, command, (err, xml) => {
        if (err !== undefined) {
          req.destroy();
          finish(err, null);
          return;
        }
        this.interpret(xml, status, command, finish);
      });
    });
    req.end(options.body);
  }

  private readBody(res: IncomingMessage, command: string, cb: (err: ScError | undefined, xml: string) => void): void {
    const chunks: Buffer[] = [];
    let length = 0;
    let finished = false;
    res.on('data', (chunk: Buffer) => {
      if (finished) return;
      length += chunk.length;
      if (length > this.s.maxReplyBytes) {
        finished = true;
        res.destroy();
        cb(new ScError('SC_ERR_ONVIF_XML_REFUSED', { device: this.s.device, command, reason: `the reply is larger than ${this.s.maxReplyBytes} bytes` }), '');
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', (err) => {
      if (finished) return;
      finished = true;
      cb(new ScError('SC_ERR_LINK_CLOSED', { device: this.s.device, awaited: `the rest of the reply to ${command} (${err.message})` }), '');
    });
    res.on('end', () => {
      if (finished) return;
      finished = true;
      cb(undefined, Buffer.concat(chunks, length).toString('utf8'));
    });
  }

  private interpret(xml: string, status: number, command: string, finish: LibraryCallback): void {
    const refused = refuseReason(xml);
    if (refused !== undefined) {
      finish(new ScError('SC_ERR_ONVIF_XML_REFUSED', { device: this.s.device, command, reason: refused }), null);
      return;
    }
    let fault;
    try {
      fault = parseFault(xml);
    } catch (err) {
      finish(new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.s.device, command, detail: `HTTP ${status}, ${messageOf(err)}` }), null, xml, status);
      return;
    }
    if (fault !== undefined) {
      const name = faultName(fault);
      const error = isAuthFault(fault, status)
        ? new ScError('SC_ERR_AUTH_FAILED', { device: this.s.device, detail: `${name} on ${command}: ${fault.reason}` })
        : new ScError('SC_ERR_ONVIF_FAULT', { device: this.s.device, command, fault: name, reason: fault.reason || 'no reason given' });
      // The library looks at the XML of a refused GetSystemDateAndTime to retry it with credentials.
      finish(error, null, xml, status);
      return;
    }
    if (status < 200 || status >= 300) {
      finish(new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.s.device, command, detail: `HTTP ${status} without a SOAP fault` }), null, xml, status);
      return;
    }
    parseSOAPString(
      xml,
      (err, data) => {
        if (err !== null) finish(new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.s.device, command, detail: err.message }, { cause: err }), null, xml, status);
        else finish(null, data, xml, status);
      },
      status,
    );
  }
}

function digestChallenges(rawHeaders: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const value = rawHeaders[i + 1] ?? '';
    if (rawHeaders[i]?.toLowerCase() === 'www-authenticate' && /^digest\s/i.test(value)) out.push(value);
  }
  return out;
}

/** The operation name in a SOAP body we send, for errors outside a named call. */
export function operationOf(body: string): string {
  const m = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body);
  return m?.[1] ?? 'a SOAP request';
}
