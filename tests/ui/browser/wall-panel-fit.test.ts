import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../../helpers/index.js';
import { layoutProblems, shot } from './layout.js';
import { startRoom, type RunningRoom } from './room.js';

/** A room name as long as real ones get: it must not push the controls off the screen. */
const LONG_NAME = 'Lecture Hall 1, Chiromo Campus – School of Physical Sciences';
const VIEWPORTS = [
  { width: 1024, height: 600 },
  { width: 1280, height: 800 },
];
const LANGUAGES = ['en', 'fr', 'ar', 'ru', 'mn', 'kk', 'uz', 'zh', 'sw', 'pt'];
/** The languages whose screenshots are kept (RTL, long Cyrillic words, a locale Chromium lacks). */
const SHOWN = new Set(['en', 'ar', 'ru', 'mn']);

async function open(page: Page, room: RunningRoom, lang: string, ready: (page: Page) => Promise<boolean>): Promise<void> {
  await page.goto(`${room.url}/?lang=${lang}`);
  await expect.poll(() => page.locator('html').getAttribute('lang'), { timeout: 10_000 }).toMatch(new RegExp(`^${lang}`));
  await expect.poll(() => ready(page), { timeout: 15_000 }).toBe(true);
  // Fonts and the camera's pictures settle before measuring.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Inputs and camera positions have arrived: the tallest the cards get. */
const controlsShown = async (page: Page): Promise<boolean> => (await page.locator('.screen .btn-tile').count()) > 0 && (await page.locator('.camera .btn-tile').count()) > 0;

/**
 * Everything a teacher needs fits a 7-inch 1024x600 kit and a 10-inch 1280x800 panel without
 * scrolling, with a long room name, in every language; no control is clipped and every touch
 * target is at least 44 px. The room's recorder refuses to record, so the class runs with the
 * most on screen: the problem, "NOT recording" with Start recording, and the help call.
 */
describe('the wall panel fits small screens', () => {
  let room: RunningRoom;
  let browser: Browser;

  beforeAll(async () => {
    room = await startRoom({ roomName: LONG_NAME, failingRecorder: true });
    browser = await launchChromium({ viewport: VIEWPORTS[0] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await room?.close();
  });

  const check = async (state: string, ready: (page: Page) => Promise<boolean>): Promise<void> => {
    const page = await browser.newPage();
    const found: string[] = [];
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const lang of LANGUAGES) {
        await open(page, room, lang, ready);
        const problems = await layoutProblems(page, { noVerticalScroll: true, targets: true });
        found.push(...problems.map((p) => `${viewport.width}x${viewport.height} ${lang} ${state}: ${p}`));
        if (SHOWN.has(lang)) await page.screenshot({ path: shot(`wall-panel-${state}-${lang}-${viewport.width}x${viewport.height}.png`) });
      }
    }
    await page.close();
    expect(found).toEqual([]);
  };

  it('before the class: the timetable class, Start class, screen, camera and help', async () => {
    await check('idle', async (page) => (await page.getByTestId('session-state').getAttribute('data-state')) === 'idle' && (await controlsShown(page)));
  }, 180_000);

  it('during a class whose recorder does not record, with the technician called', async () => {
    const started = await fetch(`${room.url}/api/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(started.status).toBe(200);
    expect(((await started.json()) as { session: { state: string } }).session.state).toBe('degraded');
    expect((await fetch(`${room.url}/api/help`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(202);
    await check(
      'not-recording',
      async (page) =>
        (await page.getByTestId('session-state').getAttribute('data-state')) === 'degraded' &&
        (await page.getByTestId('start-recording').count()) === 1 &&
        (await page.getByTestId('help-status').getAttribute('data-state')) === 'called' &&
        (await controlsShown(page)),
    );
  }, 180_000);
});
