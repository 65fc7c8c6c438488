import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startAedes, startMosquitto } from '../helpers/index.js';

async function connect(url: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5000 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  // mqtt.js leaves Nagle on; a command round trip is ~40 ms slower without this.
  (client.stream as unknown as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
  return client;
}

async function roundTrip(url: string): Promise<{ topic: string; payload: string; retain: boolean }> {
  const sub = await connect(url);
  const pub = await connect(url);
  try {
    const got = new Promise<{ topic: string; payload: string; retain: boolean }>((resolve) =>
      sub.on('message', (topic, payload, packet) => resolve({ topic, payload: payload.toString(), retain: packet.retain })),
    );
    await sub.subscribeAsync('sc/v1/ke/site-a/room-1/#', { qos: 1 });
    await pub.publishAsync('sc/v1/ke/site-a/room-1/event', JSON.stringify({ seq: 1 }), { qos: 1 });
    return await got;
  } finally {
    await sub.endAsync();
    await pub.endAsync();
  }
}

describe('test brokers', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('an embedded aedes on port 0 passes a QoS 1 publish to a subscriber', async () => {
    const broker = await startAedes();
    closers.push(broker.close);
    expect(broker.port).toBeGreaterThan(0);
    expect(await roundTrip(broker.url)).toEqual({ topic: 'sc/v1/ke/site-a/room-1/event', payload: '{"seq":1}', retain: false });
  });

  it('a real Mosquitto with the test\'s own config passes a QoS 1 publish to a subscriber', async () => {
    const broker = await startMosquitto();
    closers.push(broker.close);
    expect(await roundTrip(broker.url)).toEqual({ topic: 'sc/v1/ke/site-a/room-1/event', payload: '{"seq":1}', retain: false });
  });

  it('a Mosquitto configured to refuse anonymous clients refuses them', async () => {
    const broker = await startMosquitto({ config: ['allow_anonymous false'] });
    closers.push(broker.close);
    await expect(connect(broker.url)).rejects.toThrow(/Not authorized|unacceptable|refused/i);
  });
});
