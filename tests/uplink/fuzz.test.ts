import { afterEach, describe, expect, it } from 'vitest';
import { startAedes, tempDir } from '../helpers/index.js';
import { ROOT, Watcher, makeUplink } from './fixture.js';
import { seededRandom } from '../../src/core/random.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});


type Case = { payload: Buffer; valid: boolean };

function hostileCommands(count: number, seed: number): Case[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const now = Date.now();
  const good = (id: string, extra: Record<string, unknown> = {}) => ({ id, action: 'scene.run', args: { scene: 'start-class' }, expires: now + 600_000, by: 'fuzz', ...extra });
  const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
  const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  const generators: (() => Case)[] = [
    () => ({ payload: Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256))), valid: false }),
    () => ({ payload: json(good(`trunc${Math.floor(rnd() * 1e9)}`)).subarray(0, Math.floor(rnd() * 60)), valid: false }),
    () => ({ payload: Buffer.from(pick(['', 'null', 'true', '42', '"cmd"', '[]', '{}', '[1,2]', 'NaN', '{"id":}', deep(5000)])), valid: false }),
    () => ({ payload: json({ ...good(`types${Math.floor(rnd() * 1e9)}`), [pick(['id', 'action', 'expires', 'by', 'args', 'device'])]: pick([1, -1, 1e308, null, true, [], {}, 'x'.repeat(300), { $gt: '' }]) }), valid: false }),
    () => ({ payload: json({ ...good(`extra${Math.floor(rnd() * 1e9)}`), [pick(['__proto__', 'constructor', 'prototype', 'eval', 'extra'])]: { polluted: true } }), valid: false }),
    () => ({ payload: Buffer.from(`{"id":"big${Math.floor(rnd() * 1e9)}","action":"scene.run","by":"fuzz","expires":${now + 60_000},"args":{"x":"${'A'.repeat(20_000 + Math.floor(rnd() * 200_000))}"}}`), valid: false }),
    () => ({ payload: json(good(`unk${Math.floor(rnd() * 1e9)}`, { action: pick(['rm.rf', 'shell', 'format.disk', 'session.startx', 'a'.repeat(64), 'Scene.Run']) })), valid: false }),
    () => ({ payload: json(good(`deny${Math.floor(rnd() * 1e9)}`, { action: 'device.action', device: 'panel', args: { power: 'off' } })), valid: false }),
    () => ({ payload: json(good(`exp${Math.floor(rnd() * 1e9)}`, { expires: now - Math.floor(rnd() * 1e9) })), valid: false }),
    () => ({ payload: json(good(`far${Math.floor(rnd() * 1e9)}`, { expires: now + 400 * 86_400_000 })), valid: false }),
    () => ({ payload: json(good('replayed-id-0001')), valid: false }),
    () => ({ payload: json(good(pick(['short', 'has space in it', 'ünïcödé-id-01', '../../etc/passwd', 'x'.repeat(65)]))), valid: false }),
    () => ({ payload: json(good(`args${Math.floor(rnd() * 1e9)}`, { args: pick([{ scene: { nested: 1 } }, { scene: [1] }, Object.fromEntries(Array.from({ length: 5 }, (_, k) => [`k${'x'.repeat(70)}${k}`, 1])), 'args']) })), valid: false }),
    () => ({ payload: Buffer.concat([Buffer.from('{"id":"nul'), Buffer.from([0, 0xff, 0xfe]), Buffer.from('","action":"help"}')]), valid: false }),
  ];
  const cases: Case[] = [{ payload: json(good('replayed-id-0001')), valid: true }];
  while (cases.length < count) cases.push(pick(generators)());
  return cases;
}

describe('hostile commands', () => {
  it('answers each of 10,000 malformed or hostile commands with an error reply, and stays up', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const w = await Watcher.start(broker.url, [`${ROOT}/reply`, `${ROOT}/status`]);
    cleanups.push(() => w.close());
    const dir = tempDir('sc-fuzz-');
    cleanups.push(() => dir.remove());
    const { uplink, room } = makeUplink(broker.url, dir.path, { allow: ['session.start', 'scene.run', 'help'] });
    await uplink.start();
    cleanups.push(() => uplink.stop());
    await w.until((x) => x.of('status').length > 0, 10_000, 'agent online');
    const cases = hostileCommands(10_000, 8);
    // The one valid command goes first and alone, so every replay of its id is a replay.
    await w.client.publishAsync(`${ROOT}/cmd`, cases[0]!.payload, { qos: 1 });
    await w.until((x) => x.of('reply').length === 1, 10_000, 'first reply');
    for (let i = 1; i < cases.length; i += 200) {
      await Promise.all(cases.slice(i, i + 200).map((c) => w.client.publishAsync(`${ROOT}/cmd`, c.payload, { qos: 1 })));
    }
    await w.until((x) => x.of('reply').length >= cases.length, 45_000, `${cases.length} replies`);
    const replies = w.of('reply').map((r) => r.payload as { id: string; status: string; error?: { code: string } });
    expect(replies.length).toBe(cases.length);
    expect(w.invalid).toEqual([]);
    expect(replies[0]).toMatchObject({ id: 'replayed-id-0001', status: 'ok' });
    const errors = replies.slice(1);
    expect(errors.filter((r) => r.status !== 'error')).toEqual([]);
    const codes = new Set(errors.map((r) => r.error?.code));
    for (const code of ['SC_ERR_CMD_INVALID', 'SC_ERR_CMD_TOO_LARGE', 'SC_ERR_CMD_UNKNOWN_ACTION', 'SC_ERR_CMD_NOT_ALLOWED', 'SC_ERR_CMD_EXPIRED', 'SC_ERR_CMD_DUPLICATE']) {
      expect(codes, code).toContain(code);
    }
    // Some mutations are well-formed commands the room itself refuses (`args: {}` names no scene).
    expect([...codes].filter((c) => c === undefined || !(c.startsWith('SC_ERR_CMD_') || c === 'SC_ERR_SCENE_UNKNOWN'))).toEqual([]);
    // The room ran each id at most once, and the replayed id only the first time.
    const ran = room.executed.map((c) => c.id);
    expect(new Set(ran).size).toBe(ran.length);
    expect(ran.filter((id) => id === 'replayed-id-0001')).toEqual(['replayed-id-0001']);
    expect(errors.filter((r) => r.error?.code === 'SC_ERR_SCENE_UNKNOWN').length).toBe(ran.length - 1);
    expect(uplink.stats().connected).toBe(true);
    expect(uplink.stats().commandsRefused).toBe(cases.length - 1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);
});
