import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { isScError } from '../../src/core/errors/index.js';
import { waitAtMost, withTimeout } from '../../src/core/with-timeout.js';

describe('bounded waits', () => {
  it('withTimeout clears its timer when the work wins, and names what was awaited when it loses', async () => {
    const clock = new ManualClock();
    expect(await withTimeout(Promise.resolve(7), { ms: 1000, awaited: 'seven', clock })).toBe(7);
    expect(clock.pendingTimers).toBe(0);

    let aborted = false;
    const late = withTimeout(new Promise<never>(() => undefined), { ms: 1000, awaited: 'the demo rooms to start', clock, onTimeout: () => (aborted = true) });
    clock.advance(1000);
    const err: unknown = await late.catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_TIMEOUT')).toBe(true);
    expect(String(err)).toMatch(/Timed out after 1000 ms waiting for the demo rooms to start/);
    expect(aborted).toBe(true);

    await expect(withTimeout(Promise.reject(new Error('boom')), { ms: 1000, awaited: 'x', clock })).rejects.toThrow('boom');
    expect(clock.pendingTimers).toBe(0);
  });

  it('waitAtMost goes on without the work once the time is up', async () => {
    const clock = new ManualClock();
    expect(await waitAtMost(Promise.resolve('ok'), 500, clock)).toEqual({ done: true, value: 'ok' });
    expect(clock.pendingTimers).toBe(0);
    const pending = waitAtMost(new Promise<never>(() => undefined), 500, clock);
    clock.advance(500);
    expect(await pending).toEqual({ done: false });
  });
});
