import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { ScError, messageOf } from '../../core/errors/index.js';
import { MqttFrameGuard } from './frame-guard.js';

export type Transport = 'mqtt' | 'mqtts' | 'ws';

export interface ListenerSpec {
  transport: Transport;
  host: string;
  port: number;
  /** PEM, for mqtts. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

/** Hands a connection to the broker; returns nothing the listener needs. */
export type Handle = (stream: Duplex, request: IncomingMessage | undefined, transport: Transport) => void;

export interface Listener {
  transport: Transport;
  port: number;
  close(): Promise<void>;
}

/**
 * One MQTT listener (TCP, TLS or WebSocket) with Nagle off on every socket and the frame-size
 * guard on every connection. Sockets are tracked so that `close()` ends them all.
 */
export async function listen(spec: ListenerSpec, handle: Handle, maxPacketBytes: number): Promise<Listener> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const guarded = (stream: Duplex, request: IncomingMessage | undefined): void => {
    handle(stream, request, spec.transport);
    // Added after the broker's 'readable' listener: observes chunks without changing flow mode.
    const guard = new MqttFrameGuard(maxPacketBytes);
    stream.on('data', (chunk: Buffer) => {
      if (!guard.check(chunk)) stream.destroy();
    });
    // A reset connection must not become an unhandled 'error'.
    stream.on('error', () => undefined);
  };

  let server: NetServer | HttpServer;
  let wss: WebSocketServer | undefined;
  if (spec.transport === 'mqtt') {
    server = createNetServer((socket) => {
      track(socket);
      guarded(socket, undefined);
    });
  } else if (spec.transport === 'mqtts') {
    if (spec.tls === undefined) throw new ScError('SC_ERR_FLEET_TLS_FILES', { reason: 'no certificate and key given' });
    const tlsServer = createTlsServer({ cert: spec.tls.cert, key: spec.tls.key, minVersion: 'TLSv1.2' }, (socket: TLSSocket) => guarded(socket, undefined));
    tlsServer.on('connection', track);
    // Handshake failures (port scanners, wrong CA) are the client's problem.
    tlsServer.on('tlsClientError', () => undefined);
    server = tlsServer;
  } else {
    const httpServer = createHttpServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket only\n');
    });
    httpServer.on('connection', track);
    wss = new WebSocketServer({ server: httpServer, maxPayload: maxPacketBytes + 16, handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false) });
    wss.on('connection', (ws, req) => {
      const stream = createWebSocketStream(ws);
      guarded(stream, req);
    });
    wss.on('error', () => undefined);
    server = httpServer;
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(new ScError('SC_ERR_FLEET_LISTEN', { what: `MQTT (${spec.transport})`, host: spec.host, port: spec.port, reason: messageOf(err) }, { cause: err }));
    server.once('error', onError);
    server.listen(spec.port, spec.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    transport: spec.transport,
    port,
    close: async () => {
      for (const ws of wss?.clients ?? []) ws.terminate();
      wss?.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
