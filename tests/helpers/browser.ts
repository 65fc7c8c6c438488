import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireBinary } from './binaries.js';
import { tempDir } from './tmp.js';

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's headless Chromium through playwright-core, with a fresh profile and background
 * networking off (this machine has no network beyond loopback).
 */
export async function launchChromium(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const executablePath = requireBinary('chromium', 'chromium');
  const profile = tempDir('sc-chromium-');
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      profile.remove();
    },
  };
}
