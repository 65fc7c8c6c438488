import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTRIES, planFleet, type SimRoomSpec } from '../../src/simulators/fleet/index.js';
import { aggregate } from '../../src/ui/dashboard/model/aggregate.js';
import type { RoomSummaryDto } from '../../src/ui/dashboard/api/types.js';
import { launchChromium, type Browser } from '../helpers/index.js';
import { shot } from '../ui/browser/layout.js';
import { startTestFleet, type TestFleet } from './fleet-harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const POLL = { timeout: 15_000, intervals: [100, 250, 500] };

/** What the dashboard should show for the simulated rooms, computed from the simulator itself. */
function expected(fleet: TestFleet): RoomSummaryDto[] {
  return fleet.sim.rooms.map((r) => {
    const devices = r.spec.devices.map((d) => r.deviceState(d.id)?.status ?? 'offline');
    return {
      root: r.root,
      country: r.spec.country,
      site: r.spec.site,
      room: r.spec.room,
      online: r.connected,
      lastSeen: 1,
      session: r.sessionState.state,
      recording: r.deviceState('recorder')?.recorder?.activity === 'recording',
      devices: devices.length,
      devicesOffline: devices.filter((s) => s === 'offline').length,
      devicesDegraded: devices.filter((s) => s === 'degraded').length,
      alerts: 0,
    };
  });
}

async function login(page: Page, url: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-form').waitFor();
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('user').waitFor();
  await expect.poll(() => page.getByTestId('live-indicator').getAttribute('data-connected'), POLL).toBe('true');
}

async function logout(page: Page, browser: Browser): Promise<void> {
  await browser.context.clearCookies();
  await page.goto('about:blank');
}

const countText = (page: Page, testId: string, key: string) => page.getByTestId(testId).locator(`[data-value=${key}]`).textContent();

describe('fleet dashboard in headless Chromium, fed by simulated rooms through the broker', () => {
  let fleet: TestFleet;
  let browser: Browser;
  let page: Page;
  let rooms: SimRoomSpec[];
  const users: Record<string, { username: string; password: string }> = {};

  beforeAll(async () => {
    // The page under test is the one built from these sources.
    process.env.UI_APP = 'dashboard';
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    rooms = planFleet({ countries: DEMO_COUNTRIES, seed: 7, offlineDeviceShare: 0 });
    fleet = await startTestFleet(rooms);
    users.operator = await fleet.addUser('olivia', 'operator');
    users.viewer = await fleet.addUser('victor', 'viewer');
    users.technician = await fleet.addUser('tariq', 'technician', ['ke/ke-central']);
    browser = await launchChromium({ viewport: { width: 1400, height: 900 } });
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await fleet?.stop();
  });

  it('logs in; the map and the counts match the simulated rooms', async () => {
    // A device down in Nigeria makes one country amber on the map.
    const ngRoom = fleet.sim.rooms.find((r) => r.spec.country === 'ng');
    ngRoom?.setDevice('camera', { status: 'offline', reason: 'no answer on 10.0.4.21' });
    await login(page, fleet.url, users.operator as { username: string; password: string });
    const want = aggregate(expected(fleet)).total;
    expect(want.rooms).toBe(rooms.length);
    await expect.poll(() => countText(page, 'fleet-counts', 'online'), POLL).toBe(String(want.online));
    expect(await countText(page, 'fleet-counts', 'rooms')).toBe(String(want.rooms));
    await expect.poll(() => countText(page, 'fleet-counts', 'live'), POLL).toBe(String(want.live));
    await expect.poll(() => countText(page, 'fleet-counts', 'recording'), POLL).toBe(String(want.recording));
    const countries = new Set(rooms.map((r) => r.country));
    await expect.poll(() => page.locator('path[data-country]').count(), POLL).toBe(countries.size);
    await expect.poll(() => page.locator('path[data-country=ng]').getAttribute('data-level'), POLL).toBe('degraded');
    expect(await page.locator('path[data-country=kz]').getAttribute('data-level')).toBe('ok');
    await page.screenshot({ path: shot('dashboard-overview.png') });
    // Drill down: country -> site -> room.
    await page.locator('path[data-country=ke]').click();
    await page.getByTestId('site-list').locator('a').first().click();
    const list = page.getByTestId('room-list');
    await list.waitFor();
    expect(Number(await list.getAttribute('data-count'))).toBe(12);
  });

  it('a room going offline turns its country red and raises an alert within seconds', async () => {
    const room = fleet.sim.rooms.find((r) => r.spec.country === 'kz');
    if (room === undefined) throw new Error('no room in kz');
    await page.goto(`${fleet.url}#/`);
    await expect.poll(() => page.locator('path[data-country=kz]').getAttribute('data-level'), POLL).toBe('ok');
    room.dropLink();
    await expect.poll(() => page.locator('path[data-country=kz]').getAttribute('data-level'), POLL).toBe('offline');
    await page.locator('a[data-nav=alerts]').click();
    const alert = page.locator(`[data-kind=room-offline][data-root="${room.root}"]`);
    await alert.waitFor({ timeout: 15_000 });
    // Filtering by another country hides it; by its own country shows it.
    await page.getByTestId('filter-country').selectOption('ke');
    await expect.poll(() => alert.count(), POLL).toBe(0);
    await page.getByTestId('filter-country').selectOption('kz');
    await alert.waitFor();
    await alert.locator('[data-action=ack]').click();
    await expect.poll(() => alert.getAttribute('data-state'), POLL).toBe('acknowledged');
    await room.connect();
    await expect.poll(() => page.locator('a[data-nav=overview]').click().then(() => page.locator('path[data-country=kz]').getAttribute('data-level')), POLL).toBe('ok');
  });

  it('an operator ends a live class from the room page and sees the reply', async () => {
    const room = fleet.sim.rooms.find((r) => r.spec.country === 'uz' && r.sessionState.state === 'live' && r.connected);
    if (room === undefined) throw new Error('no live room in uz');
    const [, , c, s, r] = room.root.split('/');
    await page.goto(`${fleet.url}#/r/${c}/${s}/${r}`);
    const roomPage = page.getByTestId('room-page');
    await roomPage.waitFor();
    await expect.poll(() => page.getByTestId('room-session').getAttribute('data-session'), POLL).toBe('live');
    await page.getByTestId('chart-memory').locator('canvas').waitFor();
    await page.getByTestId('room-devices').waitFor();
    await page.locator('button[data-action="session.end"]').click();
    const reply = page.getByTestId('command-log').locator('li[data-action="session.end"]').first();
    await expect.poll(() => reply.getAttribute('data-result'), POLL).toBe('ok');
    await expect.poll(() => page.getByTestId('room-session').getAttribute('data-session'), POLL).toBe('idle');
    expect(room.sessionState.state).toBe('idle');
    // The class that ended is history now; the offer switches to starting one.
    await page.locator('button[data-action="session.start"]').waitFor();
    await page.getByTestId('room-events').locator('li[data-type="session.changed"]').first().waitFor();
    await page.screenshot({ path: shot('dashboard-room.png'), fullPage: true });
  });

  it('a viewer is not offered that action', async () => {
    await logout(page, browser);
    await login(page, fleet.url, users.viewer as { username: string; password: string });
    const room = fleet.sim.rooms.find((r) => r.sessionState.state === 'live' && r.connected);
    if (room === undefined) throw new Error('no live room');
    const [, , c, s, r] = room.root.split('/');
    await page.goto(`${fleet.url}#/r/${c}/${s}/${r}`);
    await page.getByTestId('room-devices').waitFor();
    await page.getByTestId('no-actions').waitFor();
    expect(await page.locator('button[data-action]').count()).toBe(0);
    await page.locator('a[data-nav=alerts]').click();
    await page.getByTestId('filter-country').waitFor();
    expect(await page.locator('[data-action=ack], [data-action=resolve]').count()).toBe(0);
    // The same page in Chinese and French, from their message files.
    await page.getByTestId('language').selectOption('zh');
    await expect.poll(() => page.locator('a[data-nav=overview]').textContent(), POLL).toBe('总览');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hans');
    await page.getByTestId('language').selectOption('fr');
    await expect.poll(() => page.locator('a[data-nav=overview]').textContent(), POLL).toBe('Vue d’ensemble');
    await page.getByTestId('language').selectOption('en');
  });

  it('a technician sees only their sites', async () => {
    await logout(page, browser);
    await login(page, fleet.url, users.technician as { username: string; password: string });
    const mine = expected(fleet).filter((r) => r.country === 'ke' && r.site === 'ke-central');
    await expect.poll(() => countText(page, 'fleet-counts', 'rooms'), POLL).toBe(String(mine.length));
    expect(await page.locator('path[data-country]').count()).toBe(1);
    expect(await page.locator('path[data-country=ke]').count()).toBe(1);
    const other = fleet.sim.rooms.find((r) => r.spec.country === 'ke' && r.spec.site !== 'ke-central');
    if (other === undefined) throw new Error('no other site in ke');
    const [, , c, s, r] = other.root.split('/');
    await page.goto(`${fleet.url}#/r/${c}/${s}/${r}`);
    await page.getByText(/outside your sites/).waitFor();
    const res = await page.request.get(`${fleet.url}api/dashboard/rooms/${c}/${s}/${r}`);
    expect(res.status()).toBe(403);
  });

  it('analytics shows hours taught and recorded, and exports CSV', async () => {
    await logout(page, browser);
    await login(page, fleet.url, users.operator as { username: string; password: string });
    await page.locator('a[data-nav=analytics]').click();
    const table = page.getByTestId('totals-country');
    await table.locator('tr[data-country=ke]').waitFor();
    await page.getByTestId('chart-hours').locator('canvas').waitFor();
    await page.screenshot({ path: shot('dashboard-analytics.png'), fullPage: true });
    const href = await page.getByTestId('csv-export').getAttribute('href');
    const csv = await page.request.get(new URL(href ?? '', fleet.url).toString());
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split(/\r\n/);
    expect(lines[0]).toBe('date,country,site,hours_taught,hours_recorded,classes');
    const kenya = lines.filter((l) => /^\d{4}-\d{2}-\d{2},ke,ke-central,/.test(l));
    expect(kenya.length).toBeGreaterThan(0);
    expect(kenya.some((l) => Number(l.split(',')[3]) > 0)).toBe(true);
  });
});
