import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../helpers/index.js';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>harness</title></head>
<body><button id="go" style="min-height:48px">Start class</button><p id="out">idle</p>
<script>document.getElementById('go').addEventListener('click', () => { document.getElementById('out').textContent = 'live'; });</script>
</body></html>`;

describe('headless Chromium through playwright-core', () => {
  let server: Server;
  let url = '';
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('opens a page served on loopback, taps a button and sees the page change', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.title()).toBe('harness');
    await page.getByRole('button', { name: 'Start class' }).click();
    await expect.poll(() => page.locator('#out').textContent()).toBe('live');
    const shot = await page.screenshot();
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
  });
});
