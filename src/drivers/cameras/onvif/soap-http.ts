import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import { ScError, messageOf } from '../../../core/errors/index.js';
import { HttpClient } from '../../../transports/http/index.js';
import { faultName, isAuthFault, parseFault } from './faults.js';
import { refuseReason } from '../../../transports/xml.js';

/**
 * Our HTTP layer under the `onvif` library. The library's own one buffers any reply whole,
 * hands it to xml2js, and lets a throw inside its callbacks escape into the socket's event
 * handler; ours goes through the transports' HttpClient (reply size cap, timeouts naming the
 * SOAP call, HTTP digest, no redirects), refuses DTDs before any parser runs, turns faults into
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
  username?: string;
  password?: string;
  log: Logger;
  servicePath(service: string | undefined): string | undefined;
}

const require = createRequire(import.meta.url);
// The library's own SOAP-to-object conversion: its method callbacks expect exactly its shapes.
const parseSOAPString: (xml: string, cb: LibraryCallback, statusCode: number) => void = require('onvif/lib/utils.js').parseSOAPString;

export class SoapHttp {
  readonly calls = new AsyncLocalStorage<CallContext>();
  private readonly http: HttpClient;
  private readonly base: string;

  constructor(private readonly s: SoapHttpSettings) {
    const host = s.hostname.includes(':') ? `[${s.hostname}]` : s.hostname;
    this.base = `${s.secure ? 'https' : 'http'}://${host}:${s.port}`;
    this.http = new HttpClient({
      device: s.device,
      timeoutMs: s.timeoutMs,
      maxBytes: s.maxReplyBytes,
      // Digest only, as ONVIF asks (besides WS-Security in the body): never Basic over plain HTTP.
      schemes: ['digest'],
      ...(s.username === undefined ? {} : { credentials: { username: s.username, password: s.password ?? '' } }),
    });
  }

  /** Aborts every request in flight; later ones fail at once. */
  close(): void {
    this.http.close();
  }

  /** Aborts the requests of one command (the long event pull, when stopping). */
  abort(command: string): void {
    this.http.abort(command);
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
    this.post(options, command).then(
      ({ xml, status }) => this.interpret(xml, status, command, deliver),
      (err: unknown) => {
        const error = err instanceof ScError ? err : new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.s.device, command, detail: messageOf(err) }, { cause: err });
        // The library looks at the status of a refused call to retry it with credentials.
        if (error.code === 'SC_ERR_AUTH_FAILED') deliver(error, null, '', 401);
        else deliver(error, null);
      },
    );
  }

  private async post(options: LibraryRequest, command: string): Promise<{ xml: string; status: number }> {
    const path = options.url?.path ?? options.url?.pathname ?? this.s.servicePath(options.service) ?? this.s.defaultPath;
    const res = await this.http.request({
      method: 'POST',
      url: new URL(path, this.base),
      command,
      headers: { 'Content-Type': `application/soap+xml; charset=utf-8${options.action === undefined ? '' : `; action="${options.action}"`}` },
      body: options.body,
      timeoutMs: options.replyTimeout ?? this.s.timeoutMs,
    });
    return { xml: res.text(), status: res.status };
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

/** The operation name in a SOAP body we send, for errors outside a named call. */
export function operationOf(body: string): string {
  const m = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body);
  return m?.[1] ?? 'a SOAP request';
}
