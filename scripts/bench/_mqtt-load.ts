import { Socket } from 'node:net';

/**
 * The load side of `bench ingest`, run in a child process so that 2,000 simulated rooms do not
 * share the broker's event loop: raw MQTT 3.1.1 over TCP, encoded by hand (a few bytes per
 * packet, no client library), so that the rooms cost little and the broker is what is measured.
 */
interface RoomCred {
  root: string;
  username: string;
  password: string;
}
type Msg =
  | { type: 'connect'; port: number; rooms: RoomCred[] }
  | { type: 'subscribe'; port: number; username: string; password: string }
  | { type: 'expect'; count: number }
  | { type: 'publish'; round: number; perRoom: number }
  | { type: 'close' };

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

function str(s: string | Buffer): Buffer {
  const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
}

function packet(header: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([header]), varint(body.length), body]);
}

function connectPacket(c: RoomCred): Buffer {
  const variable = Buffer.concat([str('MQTT'), Buffer.from([4, 0x80 | 0x40 | 0x02, 0, 0])]);
  return packet(0x10, Buffer.concat([variable, str(c.username), str(c.username), str(c.password)]));
}

function publishPacket(topic: string, payload: string, qos: 0 | 1, retain: boolean, id: number): Buffer {
  const idBuf = Buffer.alloc(qos > 0 ? 2 : 0);
  if (qos > 0) idBuf.writeUInt16BE(id);
  return packet(0x30 | (qos << 1) | (retain ? 1 : 0), Buffer.concat([str(topic), idBuf, Buffer.from(payload)]));
}

class Room {
  readonly socket = new Socket();
  private buf: Buffer = Buffer.alloc(0);
  private nextId = 1;
  onConnack: (rc: number) => void = () => undefined;
  onPuback: () => void = () => undefined;
  onPublish: () => void = () => undefined;

  constructor(readonly cred: RoomCred) {
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', () => undefined);
  }

  private read(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 2) {
      let len = 0;
      let mul = 1;
      let i = 1;
      for (; i < this.buf.length; i++) {
        const b = this.buf[i] ?? 0;
        len += (b & 0x7f) * mul;
        mul *= 128;
        if ((b & 0x80) === 0) break;
      }
      if (i >= this.buf.length || this.buf.length < i + 1 + len) return;
      const type = (this.buf[0] ?? 0) >> 4;
      if (type === 2) this.onConnack(this.buf[i + 2] ?? 255);
      else if (type === 4) this.onPuback();
      else if (type === 3) this.onPublish();
      this.buf = this.buf.subarray(i + 1 + len);
    }
  }

  publish(topic: string, payload: string, qos: 0 | 1, retain: boolean): void {
    const id = this.nextId;
    this.nextId = (this.nextId % 65535) + 1;
    this.socket.write(publishPacket(topic, payload, qos, retain, id));
  }
}

const rooms: Room[] = [];

async function connectAll(port: number, creds: RoomCred[]): Promise<number> {
  let ok = 0;
  const queue = [...creds];
  const worker = async (): Promise<void> => {
    for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
      const room = new Room(c);
      const cred = c;
      await new Promise<void>((resolve) => {
        room.onConnack = (rc) => {
          if (rc === 0) ok++;
          resolve();
        };
        room.socket.once('close', () => resolve());
        room.socket.connect(port, '127.0.0.1', () => room.socket.write(connectPacket(cred)));
      });
      rooms.push(room);
    }
  };
  // A few handshakes at a time: the broker checks a password hash for each.
  await Promise.all(Array.from({ length: 32 }, worker));
  return ok;
}

/** One round: status, state, health and events from every room; resolves when all QoS 1 are acked. */
async function publishRound(round: number, perRoom: number): Promise<number> {
  let expectedAcks = 0;
  let acks = 0;
  let sent = 0;
  const done = new Promise<void>((resolve) => {
    for (const room of rooms) {
      room.onPuback = () => {
        acks++;
        if (acks === expectedAcks) resolve();
      };
    }
  });
  for (const room of rooms) {
    const root = room.cred.root;
    const ts = Date.now();
    room.publish(`${root}/status`, JSON.stringify({ online: true, bdSeq: round, ts, version: '0.1.0' }), 1, true);
    room.publish(`${root}/state/panel`, JSON.stringify({ status: round % 2 === 0 ? 'online' : 'degraded', power: 'on', ts }), 1, true);
    room.publish(
      `${root}/health`,
      JSON.stringify({ ts, uptimeS: 3600, memory: { rssBytes: 6e7, heapUsedBytes: 3e7 }, outbox: { depth: 0, bytes: 0 }, link: { connects: round, bytesSentToday: 1e5, bytesReceivedToday: 5e4 } }),
      0,
      true,
    );
    expectedAcks += 2;
    sent += 3;
    for (let seq = 1; seq <= perRoom - 3; seq++) {
      const id = `e${round}-${seq}-${room.cred.username}`.slice(0, 64);
      room.publish(`${root}/event`, JSON.stringify({ id, seq, bdSeq: round, ts: Date.now(), type: 'device.state', device: 'panel', data: { power: 'on', input: 'hdmi1' } }), 1, false);
      expectedAcks++;
      sent++;
    }
  }
  await done;
  return sent;
}

/** The bare subscriber: one connection on `sc/v1/#` (QoS 0) that only counts what arrives. */
let received = 0;
let expected = Infinity;
let onCount: () => void = () => undefined;

async function subscribe(port: number, username: string, password: string): Promise<void> {
  const tap = new Room({ root: '', username, password });
  tap.onPublish = () => {
    if (++received === expected) onCount();
  };
  await new Promise<void>((resolve, reject) => {
    tap.onConnack = (rc) => (rc === 0 ? resolve() : reject(new Error(`CONNACK ${rc}`)));
    tap.socket.connect(port, '127.0.0.1', () => tap.socket.write(connectPacket(tap.cred)));
  });
  await new Promise<void>((resolve) => {
    // SUBACK arrives as a type-9 packet; the reader ignores it, so wait a moment instead.
    tap.socket.write(packet(0x82, Buffer.concat([Buffer.from([0, 1]), str('sc/v1/#'), Buffer.from([0])])));
    setTimeout(resolve, 200);
  });
  rooms.push(tap);
}

process.on('message', (raw: unknown) => {
  const msg = raw as Msg;
  const reply = (m: unknown): void => {
    process.send?.(m);
  };
  if (msg.type === 'connect') {
    connectAll(msg.port, msg.rooms).then((count) => reply({ type: 'connected', count }), (err: unknown) => reply({ type: 'error', error: String(err) }));
  } else if (msg.type === 'subscribe') {
    subscribe(msg.port, msg.username, msg.password).then(() => reply({ type: 'subscribed' }), (err: unknown) => reply({ type: 'error', error: String(err) }));
  } else if (msg.type === 'expect') {
    received = 0;
    expected = msg.count;
    onCount = () => reply({ type: 'received' });
    reply({ type: 'expecting' });
  } else if (msg.type === 'publish') {
    publishRound(msg.round, msg.perRoom).then((sent) => reply({ type: 'published', sent }), (err: unknown) => reply({ type: 'error', error: String(err) }));
  } else {
    for (const r of rooms) r.socket.destroy();
    process.exit(0);
  }
});
