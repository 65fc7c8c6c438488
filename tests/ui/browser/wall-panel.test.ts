import { connect } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type TestFleet } from '../../fleet/fleet.js';
import { launchChromium, tempDir, type Browser, type TempDir } from '../../helpers/index.js';
import { shot } from './layout.js';
import { startRoom, type RunningRoom } from './room.js';

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
    await page.screenshot({ path: shot('wall-panel-en.png') });
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
    // The call's own state, from the agent: when it was made.
    await expect.poll(() => page.getByTestId('help-status').getAttribute('data-state')).toBe('called');
    expect(await page.getByTestId('help-status').textContent()).toMatch(/^Technician called \d{1,2}:\d{2}( [AP]M)?$/);
    await page.close();
  });

  it('shows the page right-to-left in Arabic and in Chinese, each from its message file', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/?lang=ar`);
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await expect.poll(() => page.getByRole('button', { name: 'اتصل بالفني' }).isVisible()).toBe(true);
    // Mirrored: the session card (first column) sits on the right.
    const main = await page.locator('.col-class').boundingBox();
    const side = await page.locator('.col-side').boundingBox();
    expect(main !== null && side !== null && main.x > side.x).toBe(true);
    await page.screenshot({ path: shot('wall-panel-ar.png') });
    await page.goto(`${room.url}/?lang=zh`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-Hans');
    await expect.poll(() => page.getByRole('button', { name: '呼叫技术员' }).isVisible()).toBe(true);
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.screenshot({ path: shot('wall-panel-zh.png') });
    await page.close();
  });

  it('names devices in the teacher\'s words, each language in itself, and times on the language\'s clock', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/?lang=ru`);
    // The room config's Russian name for the screen; a plain word for the camera, never "(ONVIF)".
    await expect.poll(() => page.locator('.screen h2').textContent(), { timeout: 10_000 }).toBe('Экран у доски');
    expect(await page.locator('.camera h2').textContent()).toBe('Камера');
    expect(await page.locator('body').textContent()).not.toMatch(/ONVIF|Samsung|Extron|MDC/);
    // 24-hour in Russian, and in Mongolian too although this Chromium has no Mongolian locale data.
    expect(await page.locator('.clock').textContent()).toMatch(/^\d{2}:\d{2}$/);
    await page.goto(`${room.url}/?lang=mn`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('mn');
    await expect.poll(() => page.locator('.clock').textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await page.locator('.screen h2').textContent()).toBe('Самбарын дэлгэц');
    await page.locator('.lang-button').click();
    for (const own of ['English', 'Français', 'العربية', 'Русский', 'Монгол', 'Қазақша', 'Oʻzbekcha', '中文', 'Kiswahili', 'Português']) {
      expect(await page.getByRole('button', { name: own, exact: true }).isVisible(), own).toBe(true);
    }
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
    // Two agent starts and a whole class take more than the default 20 s on a busy machine.
  }, 90_000);
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
    await page.screenshot({ path: shot('wall-panel-degraded-en.png') });
    await page.close();
  });
});

/** Sends one SIS command to the recorder as a second controller would (its front panel, another system). */
async function sis(target: string, command: string): Promise<void> {
  const url = new URL(target);
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => socket.write(command));
    socket.on('data', (d: Buffer) => {
      if (/Rcdr|E\d\d/.test(d.toString('latin1'))) {
        socket.end();
        resolve();
      }
    });
    socket.on('error', reject);
  });
}

describe('wall panel when the recorder stops by itself mid-class', () => {
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

  it('says "Live – NOT recording" in amber and starts the recording again from its button', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await page.getByRole('button', { name: 'Start class' }).click();
    await expect.poll(() => sessionState(page), { timeout: 30_000 }).toBe('live');
    await expect.poll(() => page.getByTestId('session-state').getAttribute('data-recording'), { timeout: 10_000 }).toBe('yes');
    // Someone presses stop on the recorder itself.
    await sis(room.recorderTarget, '\x1bY0RCDR\r');
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('degraded');
    expect(await page.getByTestId('session-state').textContent()).toBe('Live – NOT recording');
    expect(await page.getByTestId('session-state').getAttribute('data-recording')).toBe('no');
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain('The recording stopped by itself.');
    await page.screenshot({ path: shot('wall-panel-not-recording-en.png') });
    await page.getByTestId('start-recording').click();
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('live');
    await expect.poll(() => page.getByTestId('session-state').textContent()).toBe('Live');
    expect((await devices(room)).recorder?.recorder?.activity).toBe('recording');
    await page.close();
  });

  it('turns amber when the screen stops answering during the class, with its buttons still there', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('live');
    await expect.poll(() => page.locator('.screen .btn-tile').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const tiles = await page.locator('.screen .btn-tile').count();
    await room.stopPanel();
    await expect.poll(() => sessionState(page), { timeout: 15_000 }).toBe('degraded');
    expect(await page.getByTestId('session-state').textContent()).toBe('Live, with a problem');
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain('The screen is not working.');
    // Its controls stay, disabled, with the reason: the teacher sees what is gone.
    expect(await page.locator('.screen').textContent()).toContain('The screen is not answering.');
    expect(await page.locator('.screen .btn-tile').count()).toBe(tiles);
    expect(await page.locator('.screen .btn-tile').first().isDisabled()).toBe(true);
    await page.close();
  });
});

describe('the help button against a real fleet', () => {
  let dir: TempDir;
  let fleet: TestFleet;
  let room: RunningRoom;
  let browser: Browser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    dir = tempDir('sc-ui-fleet-');
    fleet = await startFleet(dir.path, { commands: { replyWaitSeconds: 5 } });
    const app = fleet.service.http;
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: fleet.started.firstAdmin?.password } });
    headers = { cookie: String(login.headers['set-cookie']).split(';')[0] ?? '', 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    await app.inject({ method: 'POST', url: '/api/sites', headers, payload: { country: 'ke', site: 'uon-chiromo' } });
    const cred = (await app.inject({ method: 'POST', url: '/api/rooms', headers, payload: { country: 'ke', site: 'uon-chiromo', room: 'lecture-hall-1' } })).json() as { username: string; password: string };
    room = await startRoom({ uplink: { url: fleet.mqttUrl, username: cred.username, password: cred.password } });
    browser = await launchChromium({ viewport: VIEWPORT });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
    await fleet?.close();
    dir?.remove();
  });

  it('shows "Technician called", then "acknowledged" once someone acknowledges the alert at the fleet', async () => {
    const page = await browser.newPage();
    await page.goto(`${room.url}/`);
    await expect.poll(() => sessionState(page), { timeout: 10_000 }).toBe('idle');
    await page.getByRole('button', { name: 'Call technician' }).click();
    const status = page.getByTestId('help-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 10_000 }).toBe('called');
    const app = fleet.service.http;
    const alert = async (): Promise<{ id: number } | undefined> => ((await app.inject({ method: 'GET', url: '/api/alerts?state=open', headers })).json() as { id: number; kind: string }[]).find((a) => a.kind === 'help-requested');
    await expect.poll(alert, { timeout: 15_000 }).toBeDefined();
    const found = await alert();
    expect((await app.inject({ method: 'POST', url: `/api/alerts/${found?.id ?? 0}/ack`, headers })).statusCode).toBe(200);
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 15_000 }).toBe('acknowledged');
    expect(await status.textContent()).toMatch(/^Technician called \d{1,2}:\d{2}( [AP]M)? – acknowledged$/);
    await page.screenshot({ path: shot('wall-panel-help-acknowledged-en.png') });
    await page.close();
  });
});
