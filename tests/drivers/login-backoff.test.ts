import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Driver } from '../../src/drivers/driver.js';
import { ExtronSmpDriver, extronSmpDescriptor } from '../../src/drivers/recorders/extron-smp.js';
import { PearlDriver, pearlDescriptor } from '../../src/drivers/recorders/pearl.js';
import { PEARL_SIM_DEFAULTS, PearlSimulator, SMP_SIM_DEFAULTS, SmpTcpServer, SmpUnit } from '../../src/simulators/recorders/index.js';
import { recorderContext } from './recorders/helpers.js';

/**
 * A device that refuses the password is not asked again and again (issue 16, item 8: 202 logins
 * in 49 s, where a real recorder locks the account). Time is a ManualClock: polls and the login
 * hold only move when the test moves it, so the test counts logins against the schedule the
 * driver reports, never against the wall clock.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const BACKOFF = { firstMs: 10_000, maxMs: 40_000 };
const POLL_MS = 1000;

/** The hold the driver reports in its state, e.g. "next login attempt in 20 s (refused 2 times in a row)". */
function reportedHold(d: Driver): string | undefined {
  return /next login attempt in ([^)]+\))/.exec(d.state().reason ?? '')?.[1];
}

/** Moves the clock by `ms` and waits for the poll that fires then (if any) to finish. */
async function advance(clock: ManualClock, ms: number, settled: () => boolean): Promise<void> {
  clock.advance(ms);
  await vi.waitFor(() => expect(settled()).toBe(true));
}

describe('login backoff after refused credentials', () => {
  it('Pearl: one login per hold, the hold doubling to its maximum, commands refused without asking the device', async () => {
    const sim = new PearlSimulator({ ...PEARL_SIM_DEFAULTS, host: '127.0.0.1', port: 0 });
    await sim.start();
    cleanups.push(() => sim.stop());
    const clock = new ManualClock();
    const d = pearlDescriptor.create(
      recorderContext(`http://admin:wrong@127.0.0.1:${String(sim.port)}`, { clock, loginBackoff: BACKOFF, pollIntervalMs: POLL_MS }),
    ) as PearlDriver;
    cleanups.push(() => d.stop());
    await d.start();
    const logins = (): number => sim.requests.length;
    expect(d.state()).toMatchObject({ status: 'offline', lastError: { code: 'SC_ERR_AUTH_FAILED' } });
    expect(logins()).toBe(1);
    expect(reportedHold(d)).toBe('10 s (refused 1 time in a row)');
    expect(d.loginHold()).toEqual({ refusals: 1, retryInMs: 10_000 });

    // During the hold nothing reaches the device: not the poll loop, not a refresh, not a command.
    clock.advance(9_999);
    await d.refresh();
    await expect(d.recorder.status()).rejects.toMatchObject({ code: 'SC_ERR_AUTH_FAILED' });
    expect(logins()).toBe(1);

    const schedule: (string | undefined)[] = [reportedHold(d)];
    for (const [wait, expected] of [
      [1, 2],
      [20_000, 3],
      [40_000, 4],
      [40_000, 5],
    ] as const) {
      await advance(clock, wait, () => logins() === expected && d.loginHold() !== undefined);
      schedule.push(reportedHold(d));
    }
    expect(schedule).toEqual([
      '10 s (refused 1 time in a row)',
      '20 s (refused 2 times in a row)',
      '40 s (refused 3 times in a row)',
      '40 s (refused 4 times in a row)',
      '40 s (refused 5 times in a row)',
    ]);

    // The password is fixed on the unit's side: the next attempt logs in and polling resumes its pace.
    sim.options.password = 'wrong';
    await advance(clock, 40_000, () => d.state().status === 'online');
    expect(d.loginHold()).toBeUndefined();
    expect(d.state().reason).toBeUndefined();
    const before = logins();
    await advance(clock, POLL_MS, () => logins() > before);
  });

  it('Extron over Telnet: the link stays down after a refused password until the hold ends', async () => {
    const unit = new SmpUnit({ ...SMP_SIM_DEFAULTS, password: 'extron' });
    const server = new SmpTcpServer(unit, '127.0.0.1', 0);
    await server.start();
    cleanups.push(() => server.stop());
    const clock = new ManualClock();
    const d = extronSmpDescriptor.create(
      recorderContext(`tcp://127.0.0.1:${String(server.boundPort)}`, { options: { password: 'wrong' }, clock, loginBackoff: BACKOFF, pollIntervalMs: POLL_MS, timeoutMs: 800 }),
    ) as ExtronSmpDriver;
    cleanups.push(() => d.stop());
    await d.start();
    const wrong = (): number => server.sessions.reduce((n, s) => n + s.badPasswords, 0);
    expect(d.state().lastError?.code).toBe('SC_ERR_AUTH_FAILED');
    expect(wrong()).toBe(1);
    expect(reportedHold(d)).toBe('10 s (refused 1 time in a row)');

    await d.refresh();
    await expect(d.recorder.status()).rejects.toMatchObject({ code: 'SC_ERR_AUTH_FAILED' });
    expect(server.sessions).toHaveLength(1);
    expect(wrong()).toBe(1);

    await advance(clock, 10_000, () => wrong() === 2 && d.loginHold()?.refusals === 2);
    expect(server.sessions).toHaveLength(2);
    expect(reportedHold(d)).toBe('20 s (refused 2 times in a row)');

    unit.options.password = 'wrong';
    await advance(clock, 20_000, () => d.state().status === 'online');
    expect(server.sessions).toHaveLength(3);
    expect(wrong()).toBe(2);
  });
});
