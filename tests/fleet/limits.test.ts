import { describe, expect, it } from 'vitest';
import { MqttFrameGuard } from '../../src/fleet/broker/frame-guard.js';
import { TokenBucket } from '../../src/fleet/broker/rate-limit.js';
import { FleetMetrics } from '../../src/fleet/metrics.js';

const publish = (bodyLength: number): Buffer => {
  const len: number[] = [];
  let n = bodyLength;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    len.push(b);
  } while (n > 0);
  return Buffer.concat([Buffer.from([0x30, ...len]), Buffer.alloc(bodyLength, 0x61)]);
};

describe('per-client limits', () => {
  it('lets packets up to the limit through, split anywhere across chunks', () => {
    const stream = Buffer.concat([publish(10), publish(1000), publish(0), publish(200)]);
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const guard = new MqttFrameGuard(1000);
      for (let i = 0; i < stream.length; i += size) expect(guard.check(stream.subarray(i, i + size))).toBe(true);
    }
  });

  it('stops at the header of a packet announcing more than the limit, before its body arrives', () => {
    const guard = new MqttFrameGuard(1000);
    expect(guard.check(publish(500))).toBe(true);
    expect(guard.check(publish(1001).subarray(0, 3))).toBe(false);
    // a length field longer than MQTT allows is malformed
    expect(new MqttFrameGuard(1e9).check(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe(false);
  });

  it('passes a burst of one second, then asks the sender to wait in proportion', () => {
    let now = 0;
    const bucket = new TokenBucket(10, () => now);
    const waits = Array.from({ length: 12 }, () => bucket.take());
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits[10]).toBe(100);
    expect(waits[11]).toBe(200);
    now += 1000;
    expect(bucket.take()).toBe(0);
  });

  it('renders Prometheus text with escaped labels', () => {
    const m = new FleetMetrics();
    m.inc('sc_fleet_messages_rejected_total', { reason: 'a"b\\c' });
    m.counter('sc_fleet_messages_total', { kind: 'event' })(3);
    m.gauge('sc_fleet_rooms', 'Provisioned rooms', () => 7);
    const text = m.render();
    expect(text).toContain('sc_fleet_messages_rejected_total{reason="a\\"b\\\\c"} 1');
    expect(text).toContain('sc_fleet_messages_total{kind="event"} 3');
    expect(text).toMatch(/# TYPE sc_fleet_rooms gauge\nsc_fleet_rooms 7/);
  });
});

describe('the room ACL as a function', () => {
  it('allows exactly the room\'s own contract topics', async () => {
    const { canRoomPublish, canRoomSubscribe } = await import('../../src/fleet/auth/acl.js');
    const R = 'sc/v1/ke/uon/room-a';
    for (const t of ['status', 'birth', 'state/panel', 'session', 'event', 'health', 'reply']) expect(canRoomPublish(R, `${R}/${t}`)).toBe(true);
    for (const t of [`${R}/cmd`, `${R}`, `${R}/`, `${R}x/status`, `${R}/state`, `${R}/state/`, `${R}/state/a/b`, `${R}/state/UP`, `${R}/other`, 'sc/v1/ke/uon/room-b/status', '$SYS/x', 'sc/v1/fleet/status']) {
      expect(canRoomPublish(R, t), t).toBe(false);
    }
    expect(canRoomSubscribe(R, `${R}/cmd`)).toBe(true);
    expect(canRoomSubscribe(R, 'sc/v1/fleet/status')).toBe(true);
    for (const f of ['#', '+/#', `${R}/#`, `${R}/+`, `${R}/status`, `$share/g/${R}/cmd`]) expect(canRoomSubscribe(R, f), f).toBe(false);
  });
});
