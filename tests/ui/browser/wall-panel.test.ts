import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { launchChromium, type Browser } from '../../helpers/index.js';
import { startRoom, type RunningRoom } from './room.js';

const SHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };

interface DeviceView {
  id: string;
  state: { power?: string; input?: string; preset?: string; recorder?: { activity: string } };
}

async function devices(room: RunningRoom): Promise<Record<string, DeviceView['state']>> {
  const list = (await (await fetch(`${room.url}/api/devices`)).json()) as DeviceView[];
  return Object.fromEntries(list.map((d) => [d.id, d.state]));
}

const sessionState = (page: Page): Promise<string | null> => page.getByTestId('session-state').getAttribute('data-state');

/** The next `help` event on the agent's live feed, read the way the fleet uplink would see it. */
async function nextHelpEvent(room: RunningRoom, signal: AbortSignal): Promise<{ id: string; by: { kind: string } }> {
  const res = await fetch(`${room.url}/api/events`, { signal });
  const reader = res.body?.getReader();
  if (reader === undefined) throw new Error('no event stream');
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('event stream ended before a help event');
    buffer += decoder.decode(value, { stream: true });
    const match = /event: help\ndata: (.*)\n/.exec(buffer);
    if (match?.[1] !== undefined) {
      void reader.cancel();
      return JSON.parse(match[1]) as { id: string; by: { kind: string } };
    }
  }
}

describe('wall panel against a real agent and simulated devices', () => {
  let room: RunningRoom;
  let browser: Browser;

  beforeAll(async () => {
    room = await startRoom();
    browser = await launchChromium({ viewport: VIEWPORT });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
  });

  it('a tap on Start class brings the devices up and the panel shows live with the elapsed time', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('idle');
    // The timetable's current class and the next one are on the panel before anything is pressed.
    await expect.poll(() => page.locator('.session .course').textContent()).toBe('Physics 101');
    await expect.poll(() => page.locator('.next').textContent()).toContain('Linear Algebra');
    await page.getByRole('button', { name: 'Start class' }).click();
    await expect.poll(() => page.getByTestId('progress').isVisible(), { timeout: 5000 }).toBe(true);
    await expect.poll(() => sessionState(page), { timeout: 30_000 }).toBe('live');
    await expect.poll(() => page.getByTestId('elapsed').textContent()).toMatch(/\d{2}:\d{2}/);
    const state = await devices(room);
    expect(state.panel?.power).toBe('on');
    expect(state.panel?.input).toBe('hdmi1');
    expect(state.recorder?.recorder?.activity).toBe('recording');
    expect(state.camera?.preset).toBe('P002');
    // The camera's picture at P002 fills that position's button; its name stays on it.
    await expect.poll(() => page.locator('.camera .btn-tile.has-shot .tile-label').allTextContents(), { timeout: 10_000 }).toEqual(['P002']);
    await expect.poll(() => page.getByTestId('recording').textContent(), { timeout: 5000 }).toMatch(/Recording\s*\d{2}:\d{2}/);
    // The elapsed time runs on by itself.
    const first = await page.getByTestId('elapsed').textContent();
    await expect.poll(() => page.getByTestId('elapsed').textContent(), { timeout: 5000 }).not.toBe(first);
    await page.screenshot({ path: join(SHOTS, 'wall-panel-en.png') });
    await page.close();
  });

  it('"Call technician" raises a help event on the agent', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).not.toBeNull();
    const abort = new AbortController();
    const help = nextHelpEvent(room, abort.signal);
    await page.getByRole('button', { name: 'Call technician' }).click();
    const event = await help;
    abort.abort();
    expect(event.by.kind).toBe('wall-panel');
    await expect.poll(() => page.getByTestId('help-status').textContent()).toBe('The technician has been called.');
    await page.close();
  });

  it('shows the page right-to-left in Arabic and in Chinese, each from its message file', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/?lang=ar`);
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await expect.poll(() => page.getByRole('button', { name: 'اتصل بالفني' }).isVisible()).toBe(true);
    // Mirrored: the session card (first column) sits on the right.
    const main = await page.locator('.col-main').boundingBox();
    const side = await page.locator('.col-side').boundingBox();
    expect(main !== null && side !== null && main.x > side.x).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'wall-panel-ar.png') });
    await page.goto(`${room.url}/?lang=zh`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-Hans');
    await expect.poll(() => page.getByRole('button', { name: '呼叫技术员' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.screenshot({ path: join(SHOTS, 'wall-panel-zh.png') });
    await page.close();
  });

  it('a teacher can switch the language on the panel without a keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await page.getByRole('button', { name: 'Language' }).click();
    await page.getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
    await expect.poll(() => page.getByRole('button', { name: 'Appeler le technicien' }).isVisible()).toBe(true);
    await page.evaluate('localStorage.clear()');
    await page.close();
  });

  it('reconnects by itself after the agent restarts, even when the kiosk reloads meanwhile', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).not.toBeNull();
    // The kept copy of the panel is in place before the agent goes away.
    await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 10_000 }).toBe(true);
    await room.stopAgent();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'not answering' }).isVisible(), { timeout: 10_000 }).toBe(true);
    // A reload while the agent is down shows the panel waiting, not a browser error page.
    await page.reload();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Connecting|not answering/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    await room.startAgent();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'not answering' }).count(), { timeout: 20_000 }).toBe(0);
    // The new agent process starts idle: the page shows its state, not the old one, and works.
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('idle');
    await page.getByRole('button', { name: 'Start class' }).click();
    await expect.poll(() => sessionState(page), { timeout: 30_000 }).toBe('live');
    // End class asks once more, then brings the room down.
    await page.getByRole('button', { name: 'End class' }).click();
    await page.getByRole('button', { name: 'Yes, end the class' }).click();
    await expect.poll(() => sessionState(page), { timeout: 30_000 }).toBe('idle');
    const state = await devices(room);
    expect(state.recorder?.recorder?.activity).toBe('stopped');
    expect(state.panel?.power).not.toBe('on');
    await page.close();
  });
});

describe('wall panel when the recorder fails', () => {
  let room: RunningRoom;
  let browser: Browser;

  beforeAll(async () => {
    room = await startRoom({ failingRecorder: true });
    browser = await launchChromium({ viewport: VIEWPORT });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
  });

  it('starts the class degraded and says so in a plain sentence', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('idle');
    await page.getByRole('button', { name: 'Start class' }).click();
    await expect.poll(() => sessionState(page), { timeout: 30_000 }).toBe('degraded');
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.textContent()).toContain('The recorder did not start.');
    expect(await problems.textContent()).toContain('The class continues; the technician has been told.');
    expect((await devices(room)).panel?.power).toBe('on');
    await page.screenshot({ path: join(SHOTS, 'wall-panel-degraded-en.png') });
    await page.close();
  });
});
