// The counter app in Chromium against `startDemoWeb`: a fresh browser profile per counter, signed in by PIN.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DemoWeb } from '../../tools/demo-web.ts';

export const WAIT = { timeout: 20_000 };

export interface CounterPageOptions {
  counter?: number;
  viewport?: { width: number; height: number };
}

/** A new browser profile (its own IndexedDB and localStorage) opened as one of the demo's counters. */
export async function openCounterPage(
  browser: Browser,
  demo: DemoWeb,
  options: CounterPageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 768 } });
  const url = demo.counterUrls.find((c) => c.counter === (options.counter ?? demo.demo.counter))?.url ?? demo.appUrl;
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}

/** Signs in one of the demo officers with their PIN and waits for the signed-in shell. */
export async function signIn(page: Page, demo: DemoWeb, officerId: string): Promise<void> {
  const officer = demo.demo.officers.find((o) => o.id === officerId);
  if (!officer) throw new Error(`no demo officer ${officerId}`);
  await page.getByTestId(`officer-${officerId}`).click(WAIT);
  await page.getByLabel('PIN 码').fill(officer.pin);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('signed-in-officer').waitFor(WAIT);
}
