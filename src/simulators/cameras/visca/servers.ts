import { createSocket, type RemoteInfo } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { ScError, messageOf } from '../../../core/errors/index.js';
import { makePtyPair, openDevicePort } from '../../shared/pty-pair.js';
import { PAYLOAD, decodeIp, encodeIp, scanFrame } from '../../../transports/visca-framing.js';
import type { SimSession, ViscaCameraSim } from './camera.js';

export interface Endpoint {
  target: string;
  stop(): Promise<void>;
}

/** Bytes no VISCA scanner takes for a header: low bytes and stray terminators. */
const NOISE = Buffer.from([0x00, 0x13, 0x37, 0xff, 0x7f, 0x05]);

/** Splits a byte stream into VISCA messages, dropping garbage (the simulator's own splitter). */
function streamFramer(): (chunk: Buffer) => Buffer[] {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    const out: Buffer[] = [];
    while (buf.length > 0) {
      const scan = scanFrame(buf);
      if (scan === 'more') break;
      if ('skip' in scan) buf = buf.subarray(Math.max(1, scan.skip));
      else {
        out.push(Buffer.from(buf.subarray(0, scan.frame)));
        buf = buf.subarray(scan.frame);
      }
    }
    return out;
  };
}

/** Serves one byte stream (a TCP connection or a serial port) with its own pair of sockets. */
function serveStream(camera: ViscaCameraSim, onData: (l: (chunk: Buffer) => void) => void, write: (b: Buffer) => void): void {
  const session = camera.newSession();
  const split = streamFramer();
  onData((chunk) => {
    for (const frame of split(chunk)) {
      const dropped = camera.takeDrop();
      camera.handle(frame, session, (reply) => {
        if (dropped || camera.switches.silent) return;
        write(camera.switches.garbage ? Buffer.concat([NOISE, reply]) : reply);
      });
    }
  });
}

export async function listenTcp(camera: ViscaCameraSim, host: string, port: number): Promise<Endpoint> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    serveStream(
      camera,
      (l) => socket.on('data', l),
      (b) => {
        if (!socket.destroyed) socket.write(b);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ScError('SC_ERR_USAGE', { detail: `cannot listen on tcp ${host}:${port}: ${err.message}` })));
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
  return {
    target: `tcp://${host}:${bound}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
      server.removeAllListeners();
    },
  };
}

interface SequenceCache {
  sequence: number;
  replies: Buffer[];
  dropped: boolean;
}

/**
 * UDP: with the Sony header (default) sequence numbers are checked: the next message must carry
 * the last one plus 1, the same number again is a resend (its replies are sent again, the command
 * is not run twice), anything else gets the `0F 01` sequence-error control reply until the
 * controller sends the reset control message. Without the header, datagrams are raw VISCA.
 */
export async function listenUdp(camera: ViscaCameraSim, host: string, port: number, header: boolean, log: Logger): Promise<Endpoint> {
  const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
  const sessions = new Map<string, SimSession>();
  let last: number | undefined;
  let cache: SequenceCache | undefined;
  const sendTo = (peer: RemoteInfo, bytes: Buffer): void => {
    if (camera.switches.silent) return;
    if (camera.switches.garbage) socket.send(NOISE, peer.port, peer.address);
    socket.send(bytes, peer.port, peer.address);
  };
  const session = (peer: RemoteInfo): SimSession => {
    const key = `${peer.address}:${peer.port}`;
    let s = sessions.get(key);
    if (s === undefined) sessions.set(key, (s = camera.newSession()));
    return s;
  };
  const onHeaderMessage = (datagram: Buffer, peer: RemoteInfo): void => {
    const m = decodeIp(datagram);
    if (m === undefined || camera.switches.silent) return;
    if (m.type === PAYLOAD.control) {
      if (m.payload.length === 1 && m.payload[0] === 0x01) {
        last = 0;
        cache = undefined;
        camera.stats.resets += 1;
        sendTo(peer, encodeIp(PAYLOAD.controlReply, m.sequence, Buffer.from([0x01])));
      }
      return;
    }
    if (m.type !== PAYLOAD.command && m.type !== PAYLOAD.inquiry) return;
    if (cache !== undefined && m.sequence === cache.sequence) {
      camera.stats.retransmits += 1;
      cache.dropped = false;
      for (const r of cache.replies) sendTo(peer, r);
      return;
    }
    if (last !== undefined && m.sequence !== (last + 1) >>> 0) {
      camera.stats.sequenceErrors += 1;
      sendTo(peer, encodeIp(PAYLOAD.controlReply, m.sequence, Buffer.from([0x0f, 0x01])));
      return;
    }
    last = m.sequence;
    const entry: SequenceCache = { sequence: m.sequence, replies: [], dropped: camera.takeDrop() };
    cache = entry;
    camera.handle(m.payload, session(peer), (reply) => {
      const out = encodeIp(PAYLOAD.reply, entry.sequence, reply);
      entry.replies.push(out);
      if (!entry.dropped) sendTo(peer, out);
    });
  };
  const onRawMessage = (datagram: Buffer, peer: RemoteInfo): void => {
    const dropped = camera.takeDrop();
    for (const frame of streamFramer()(datagram)) {
      camera.handle(frame, session(peer), (reply) => {
        if (!dropped) sendTo(peer, reply);
      });
    }
  };
  socket.on('message', (datagram, peer) => {
    try {
      if (header) onHeaderMessage(datagram, peer);
      else onRawMessage(datagram, peer);
    } catch (err) {
      log.warn({ err: messageOf(err) }, 'VISCA simulator could not handle a datagram');
    }
  });
  socket.on('error', (err) => log.debug({ err: messageOf(err) }, 'VISCA simulator UDP socket error'));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', (err) => reject(new ScError('SC_ERR_USAGE', { detail: `cannot listen on udp ${host}:${port}: ${err.message}` })));
    socket.bind(port, host, () => resolve());
  });
  return {
    target: `udp://${host}:${socket.address().port}`,
    stop: async () => {
      await new Promise<void>((r) => socket.close(() => r()));
      socket.removeAllListeners();
    },
  };
}

/** A socat PTY pair: the driver opens `camera`, the simulator serves the other end. */
export async function listenPty(camera: ViscaCameraSim): Promise<Endpoint> {
  const pair = await makePtyPair('visca', 'camera');
  const driverEnd = pair.driverEnd;
  const port = await openDevicePort(pair.deviceEnd).catch(async (err: unknown) => {
    await pair.stop();
    throw err;
  });
  serveStream(
    camera,
    (l) => port.on('data', l),
    (b) => {
      if (port.isOpen) port.write(b);
    },
  );
  return {
    target: `serial:${driverEnd}`,
    stop: async () => {
      await new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r()));
      port.removeAllListeners();
      await pair.stop();
    },
  };
}
