import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../../helpers/index.js';
import { layoutProblems, shot } from './layout.js';
import { TECH_PASSWORD, startRoom, type RunningRoom } from './room.js';

/** The names and contents of the files in a ustar archive. */
function untar(tar: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar.subarray(at, at + 100).toString('utf8').replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(tar.subarray(at + 124, at + 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    files.set(name, tar.subarray(at + 512, at + 512 + size).toString('utf8'));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('technician page against a real agent and simulated devices', () => {
  let room: RunningRoom;
  let browser: Browser;

  beforeAll(async () => {
    room = await startRoom();
    browser = await launchChromium({ viewport: { width: 1366, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
  });

  it('refuses access without the technician login', async () => {
    for (const path of ['/api/technician/devices', '/api/technician/support-bundle', '/api/technician/discovery?kind=serial']) {
      expect((await fetch(`${room.url}${path}`)).status, path).toBe(401);
    }
    const raw = await fetch(`${room.url}/api/technician/devices/panel/raw`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ command: 'status' }) });
    expect(raw.status).toBe(401);
    const page = await browser.newPage();
    await page.goto(`${room.url}/technician`);
    await expect.poll(() => page.getByLabel('Password').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('devices').count()).toBe(0);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong password.');
    expect(await page.getByTestId('devices').count()).toBe(0);
    await page.close();
  });

  it('with the login, shows every device and sends a raw command with its reply', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/technician/`);
    await page.getByLabel('Password').fill(TECH_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const table = page.getByTestId('devices');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(() => table.locator('tr[data-device="panel"]').textContent(), { timeout: 10_000 }).toContain('online');
    await expect.poll(() => table.locator('tr[data-device="recorder"]').textContent(), { timeout: 10_000 }).toContain('online');
    // The history sparkline fills from the agent's live polls.
    await expect.poll(() => table.locator('tr[data-device="recorder"] svg.spark').count(), { timeout: 15_000 }).toBe(1);

    await table.locator('tr[data-device="panel"]').getByRole('button', { name: 'Console' }).click();
    await page.getByLabel('Command and arguments').fill('power on');
    await page.getByRole('button', { name: 'Send' }).click();
    const transcript = page.getByTestId('console-log');
    // The reply is the state read back from the panel after the command.
    await expect.poll(() => transcript.textContent(), { timeout: 10_000 }).toMatch(/"power": "(on|warming)"/);
    expect(await transcript.textContent()).toContain('panel: power on');
    const panel = (await (await fetch(`${room.url}/api/devices/panel`)).json()) as { state: { power?: string } };
    expect(panel.state.power).toMatch(/^(on|warming)$/);
    await page.getByLabel('Command and arguments').fill('input nowhere');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => transcript.locator('.rx.error').textContent(), { timeout: 10_000 }).toContain('nowhere');
    // Bytes as hex: a Samsung MDC power query for display 1; the reply frame comes back as bytes.
    await page.getByLabel('Hex bytes').check();
    await page.getByLabel('Bytes in hex').fill('AA 11 01 00 12');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => transcript.locator('li').first().textContent(), { timeout: 10_000 }).toMatch(/AA FF 01 03 41 11 0[01] [0-9A-F]{2}/);
    expect(await transcript.locator('li').first().textContent()).toContain('panel: AA 11 01 00 12');
    await page.screenshot({ path: shot('technician-console.png'), fullPage: true });

    // The scene log shows each step of the last run; the live log shows what the agent wrote.
    const started = await fetch(`${room.url}/api/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(started.status).toBe(200);
    await page.getByRole('tab', { name: 'Scene log' }).click();
    const startScene = page.locator('article.scene').filter({ hasText: 'start-class' });
    await expect.poll(() => startScene.locator('tbody tr').count(), { timeout: 10_000 }).toBe(4);
    expect(await startScene.textContent()).toContain('Turn on the panel');
    await page.getByRole('tab', { name: 'Logs' }).click();
    await expect.poll(() => page.getByTestId('logs').textContent(), { timeout: 10_000 }).toContain('technician logged in');

    // "Add to config": the agent checks the device and gives back the YAML.
    await page.getByRole('tab', { name: 'Discovery' }).click();
    await page.getByLabel('Id').fill('doc-cam');
    await page.getByLabel('Driver').fill('onvif');
    await page.getByLabel('Target').fill('http://camera.local/onvif/device_service');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('.snippet-out').textContent(), { timeout: 10_000 }).toContain('id: doc-cam');
    expect(await page.locator('.snippet-out').textContent()).toContain('Valid.');

    await page.getByRole('tab', { name: 'Devices' }).click();
    await expect.poll(() => table.locator('tr[data-device="panel"] svg.spark').count(), { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: shot('technician-devices.png'), fullPage: true });

    const bundle = await page.request.get(`${room.url}/api/technician/support-bundle`);
    expect(bundle.status()).toBe(200);
    expect(bundle.headers()['content-type']).toContain('application/gzip');
    const files = untar(gunzipSync(await bundle.body()));
    expect([...files.keys()].sort()).toEqual(['README.txt', 'config.json', 'health.json', 'logs.jsonl', 'versions.json']);
    const config = files.get('config.json') ?? '';
    expect(config).toContain('[redacted]');
    expect(config).not.toContain('scrypt$');
    expect(files.get('logs.jsonl')).toContain('technician logged in');
    expect(JSON.parse(files.get('health.json') ?? '{}')).toHaveProperty('devices');
    const roomFile = readFileSync(join(room.dir, 'room.yaml'), 'utf8');
    expect(roomFile).toContain('scrypt$');
    await page.close();
  });
});

describe('technician page on a phone in the field', () => {
  let room: RunningRoom;
  let browser: Browser;

  beforeAll(async () => {
    room = await startRoom();
    browser = await launchChromium({ viewport: { width: 390, height: 844 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
  });

  it('shows each device as a card, the failing one first with its repeated error grouped and the fix, and nothing scrolls sideways', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/technician/`);
    await page.getByLabel('Password').fill(TECH_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const cards = page.getByTestId('devices').locator('tbody tr');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('devices').locator('tr[data-device="recorder"]').textContent(), { timeout: 10_000 }).toContain('online');
    // The screen's cable is pulled: every poll fails the same way.
    await room.stopPanel();
    await expect.poll(() => cards.first().getAttribute('data-device'), { timeout: 15_000 }).toBe('panel');
    const problem = cards.first().getByTestId('device-problem').first();
    await expect.poll(() => problem.textContent(), { timeout: 20_000 }).toMatch(/×\d+ since \d{1,2}:\d{2}/);
    expect(await problem.locator('.hint').textContent()).toMatch(/^What to do: \S/);
    // One card per device, under one another: the page is no wider than the phone.
    const boxes = await cards.evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().width));
    expect(boxes.every((w) => w <= 390)).toBe(true);
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: shot('technician-phone-devices.png'), fullPage: true });
    for (const tab of ['Console', 'Discovery', 'Scene log', 'Logs']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect.poll(() => page.getByRole('tab', { name: tab }).getAttribute('aria-selected')).toBe('true');
      expect(await layoutProblems(page), tab).toEqual([]);
    }
    await page.close();
  });

  it('offers byte modes only for drivers that take raw bytes', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/technician/`);
    await expect.poll(() => page.getByTestId('devices').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('devices').locator('tr[data-device="camera"]').getByRole('button', { name: 'Console' }).click();
    expect(await page.getByLabel('Hex bytes').isDisabled()).toBe(true);
    expect(await page.getByLabel('Text bytes').isDisabled()).toBe(true);
    expect(await page.getByText('This driver does not take raw bytes; use its commands.').isVisible()).toBe(true);
    await page.getByLabel('Device').selectOption('recorder');
    expect(await page.getByLabel('Hex bytes').isDisabled()).toBe(true);
    await page.close();
  });
});
