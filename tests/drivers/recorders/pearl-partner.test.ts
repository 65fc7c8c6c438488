import { afterEach, describe, expect, it } from 'vitest';
import { PearlDriver, pearlDescriptor } from '../../../src/drivers/recorders/pearl.js';
import type { RecorderActivity } from '../../../src/drivers/capabilities.js';
import { recorderContext } from './helpers.js';
import { PearlPartner } from './pearl-partner.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(afterStart: string[], options: Record<string, string | number> = {}, password = 'secret'): Promise<{ partner: PearlPartner; driver: PearlDriver; seen: RecorderActivity[] }> {
  const partner = await new PearlPartner({ user: 'admin', password: 'secret', afterStart }).start();
  cleanups.push(() => partner.stop());
  const driver = pearlDescriptor.create(
    recorderContext(partner.url('admin', password), { options: { recorder: 'm1', settlePollMs: 50, ...options }, pollIntervalMs: 3_600_000 }),
  ) as PearlDriver;
  cleanups.push(() => driver.stop());
  const seen: RecorderActivity[] = [];
  driver.events.on('state', (s) => {
    const a = s.recorder?.activity;
    if (a !== undefined && seen.at(-1) !== a) seen.push(a);
  });
  await driver.start();
  return { partner, driver, seen };
}

describe('pearl against an independent Pearl responder with the captured API bodies', () => {
  it('reads the captured recorder list and status on the legacy API (404 on /api/v2.0)', async () => {
    const { driver, partner } = await setup([]);
    expect(driver.apiBase).toBe('/api');
    expect(driver.state()).toMatchObject({ status: 'online', recorder: { activity: 'stopped' } });
    expect(partner.requests.map((r) => r.line)).toEqual(['GET /api/v2.0/system/firmware/version', 'GET /api/recorders', 'GET /api/recorders/status']);
  });

  it('a start that reads back `starting` is reported as starting, and as recording only once the Pearl says `started`', async () => {
    const { driver, seen } = await setup(['starting', 'starting', 'started']);
    await driver.recorder.start();
    expect(seen).toEqual(['stopped', 'starting', 'recording']);
    expect(driver.state().recorder?.activity).toBe('recording');
  });

  it('a start that ends in `error` fails with a coded error and the state says error, never recording', async () => {
    const { driver, seen } = await setup(['starting', 'error']);
    const err: unknown = await driver.recorder.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SC_ERR_RECORDER_START_FAILED' });
    expect(String(err)).toMatch(/rec-1: the recording did not start: the recorder reports error/);
    expect(seen).toEqual(['stopped', 'starting', 'error']);
    expect(driver.state().lastError?.code).toBe('SC_ERR_RECORDER_START_FAILED');
  });

  it('a start still `starting` after startTimeoutMs fails, saying so', async () => {
    const { driver } = await setup(['starting'], { startTimeoutMs: 200 });
    await expect(driver.recorder.start()).rejects.toMatchObject({ code: 'SC_ERR_RECORDER_START_FAILED', message: expect.stringMatching(/reports starting \(still starting after 200 ms\)/) });
    expect(driver.state().recorder?.activity).toBe('starting');
  });

  it('after a 401 the same credentials are not sent again: commands fail at once, polls wait for the login hold', async () => {
    const { driver, partner } = await setup([], {}, 'wrong');
    expect(driver.state()).toMatchObject({ status: 'offline', lastError: { code: 'SC_ERR_AUTH_FAILED' } });
    expect(partner.requests).toEqual([{ line: 'GET /api/v2.0/system/firmware/version', authorized: false }]);
    await expect(driver.recorder.start()).rejects.toMatchObject({ code: 'SC_ERR_AUTH_FAILED', message: expect.stringMatching(/not sent again with the same credentials/) });
    await expect(driver.recorder.status()).rejects.toMatchObject({ code: 'SC_ERR_AUTH_FAILED' });
    await driver.refresh();
    expect(driver.state().status).toBe('offline');
    expect(partner.requests.length).toBe(1);
  });
});
