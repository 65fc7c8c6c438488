import { describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../src/core/backoff.js';
import { EventBus } from '../../src/core/event-bus.js';
import { Mutex } from '../../src/core/mutex.js';

describe('Backoff', () => {
  it('grows exponentially up to the cap, with jitter inside [0, ceiling]', () => {
    const noJitter = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => noJitter.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    const full = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.5 });
    expect([1, 2, 3].map(() => full.next())).toEqual([50, 100, 200]);
    full.reset();
    expect(full.attempts).toBe(0);
    const jittered = new Backoff({ initialMs: 100, maxMs: 1000 });
    for (let i = 0; i < 50; i++) {
      const v = jittered.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1000);
    }
  });
});

describe('EventBus', () => {
  it('delivers typed events and survives listeners that throw or reject', async () => {
    const errors: unknown[] = [];
    const log = { error: (obj: unknown) => errors.push(obj) } as unknown as import('pino').Logger;
    const bus = new EventBus<{ state: { power: string } }>(log);
    const got: string[] = [];
    bus.on('state', () => {
      throw new Error('bad listener');
    });
    bus.on('state', async () => Promise.reject(new Error('bad async listener')));
    const off = bus.on('state', (s) => {
      got.push(s.power);
    });
    expect(() => bus.emit('state', { power: 'on' })).not.toThrow();
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(got).toEqual(['on']);
    off();
    bus.emit('state', { power: 'off' });
    expect(got).toEqual(['on']);
    expect(bus.listenerCount('state')).toBe(2);
  });
});

describe('Mutex', () => {
  it('runs callers one at a time in arrival order, also when one fails', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const slow = (name: string, ms: number, fail = false) =>
      mutex.run(async () => {
        order.push(`${name}>`);
        await new Promise((r) => setTimeout(r, ms));
        order.push(`<${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([slow('a', 20), slow('b', 1, true), slow('c', 5)]);
    expect(order).toEqual(['a>', '<a', 'b>', '<b', 'c>', '<c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(mutex.pending).toBe(0);
  });
});
