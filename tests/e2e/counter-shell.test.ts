import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoWeb, type DemoWeb } from '../../tools/demo-web.ts';
import { launchChromium, saveScreenshot } from '../helpers/chromium.ts';

const WAIT = { timeout: 20_000 };

describe('the counter app in Chromium against npm run demo:web', () => {
  let demo: DemoWeb;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const officer = (id: string) => demo.demo.officers.find((o) => o.id === id)!;

  /** A fresh browser profile (its own IndexedDB and localStorage) opened at the demo's counter-1 address. */
  async function openCounter(
    options: { viewport?: { width: number; height: number }; settings?: object } = {},
  ): Promise<Page> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 768 } });
    contexts.push(context);
    if (options.settings) {
      const settings = JSON.stringify(options.settings);
      await context.addInitScript((value) => localStorage.setItem('tongban.settings', value), settings);
    }
    const page = await context.newPage();
    await page.goto(demo.appUrl);
    return page;
  }

  async function enterPin(page: Page, officerId: string, pin: string) {
    await page.getByTestId(`officer-${officerId}`).click(WAIT);
    await page.getByLabel('PIN 码').fill(pin);
    await page.getByRole('button', { name: '登录' }).click();
  }

  beforeAll(async () => {
    demo = await startDemoWeb({ hubPort: 0, webPort: 0, dataDir: null });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await demo?.close();
  });

  it('signs in the demo officer with the right PIN, and shows the sync bar online with nothing pending', async () => {
    const page = await openCounter();
    await expect.poll(() => new URL(page.url()).hash, WAIT).toBe('');
    await page.getByTestId('officer-lin-hai').waitFor(WAIT);
    await saveScreenshot(page, 'sign-in');

    await enterPin(page, 'lin-hai', officer('lin-hai').pin);
    await expect.poll(() => page.getByTestId('signed-in-officer').textContent(), WAIT).toContain('林海');
    const state = page.getByTestId('sync-state');
    await expect.poll(() => state.getAttribute('data-online'), WAIT).toBe('true');
    await expect.poll(() => page.getByTestId('sync-pending').getAttribute('data-count'), WAIT).toBe('0');
    await saveScreenshot(page, 'home-1366x768');

    await page.keyboard.press('F9');
    await page.getByTestId('sync-collections').waitFor(WAIT);
    await expect
      .poll(() =>
        page.getByTestId('sync-collections').locator('tr[data-collection="officers"] td').first().textContent(),
      )
      .toBe('0');
    await saveScreenshot(page, 'sync-page');
  });

  it('refuses a wrong PIN and says how many tries are left', async () => {
    const page = await openCounter();
    await enterPin(page, 'chen-lan', '000000');
    await expect.poll(() => page.getByTestId('pin-error').textContent(), WAIT).toContain('PIN 码错误，还可再试 4 次');
    expect(await page.getByTestId('signed-in-officer').count()).toBe(0);
    await saveScreenshot(page, 'sign-in-wrong-pin');
  });

  it('locks an officer out after five wrong PINs, refusing even the right PIN, also after a reload', async () => {
    const page = await openCounter();
    for (let attempt = 1; attempt <= 4; attempt++) {
      await enterPin(page, 'lin-hai', '111111');
      await expect
        .poll(() => page.getByTestId('pin-error').textContent(), WAIT)
        .toContain(`还可再试 ${5 - attempt} 次`);
    }
    await enterPin(page, 'lin-hai', '111111');
    await expect.poll(() => page.getByTestId('pin-error').textContent(), WAIT).toContain('已锁定');

    await enterPin(page, 'lin-hai', officer('lin-hai').pin);
    await expect.poll(() => page.getByTestId('pin-error').textContent(), WAIT).toContain('连续 5 次输错');
    expect(await page.getByTestId('signed-in-officer').count()).toBe(0);
    await saveScreenshot(page, 'sign-in-locked-out');

    await page.reload();
    await page.getByTestId('officer-lin-hai').click(WAIT);
    await expect.poll(() => page.getByTestId('pin-error').textContent(), WAIT).toContain('已锁定');

    // Another officer on the same counter is not affected.
    await enterPin(page, 'chen-lan', officer('chen-lan').pin);
    await expect.poll(() => page.getByTestId('signed-in-officer').textContent(), WAIT).toContain('陈岚');
  });

  it('locks the screen after the configured idle time, and the officer unlocks it with their PIN', async () => {
    const page = await openCounter({ settings: { idleLockSeconds: 2 } });
    await enterPin(page, 'chen-lan', officer('chen-lan').pin);
    await page.getByTestId('signed-in-officer').waitFor(WAIT);
    await page.getByTestId('lock-screen').waitFor(WAIT);
    await saveScreenshot(page, 'idle-lock');

    await page.getByTestId('lock-screen').getByLabel('PIN 码').fill('999999');
    await page.getByRole('button', { name: '解锁' }).click();
    await expect.poll(() => page.getByTestId('pin-error').textContent(), WAIT).toContain('PIN 码错误');

    await page.getByTestId('lock-screen').getByLabel('PIN 码').fill(officer('chen-lan').pin);
    await page.getByRole('button', { name: '解锁' }).click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('signed-in-officer').textContent()).toContain('陈岚');
  });

  it('shows offline with the reason when the hub stops, and online again when it returns', async () => {
    const page = await openCounter();
    await enterPin(page, 'chen-lan', officer('chen-lan').pin);
    const state = page.getByTestId('sync-state');
    await expect.poll(() => state.getAttribute('data-online'), WAIT).toBe('true');
    await demo.stopHub();
    try {
      await expect.poll(() => state.getAttribute('data-online'), WAIT).toBe('false');
      await expect.poll(() => page.getByTestId('sync-error').textContent(), WAIT).toContain('无法连接主岛服务器');
      await saveScreenshot(page, 'offline');
    } finally {
      await demo.startHub();
    }
    await expect.poll(() => state.getAttribute('data-online'), { timeout: 40_000 }).toBe('true');
    expect(await page.getByTestId('sync-error').count()).toBe(0);
  }, 90_000);

  it('sends a browser that has no hub connection to the set-up page', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(demo.webUrl);
    await page.getByRole('heading', { name: '本机尚未配置主岛服务器' }).waitFor(WAIT);
    await page.getByRole('link', { name: '打开本机配置页面' }).click();
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/provisioning.html');
  });

  it('switches the whole interface to English and keeps the choice after a reload, at 1920×1080', async () => {
    const page = await openCounter({ viewport: { width: 1920, height: 1080 } });
    await page.getByRole('button', { name: 'English' }).click(WAIT);
    await page.getByRole('heading', { name: 'Officer sign-in' }).waitFor(WAIT);
    await page.reload();
    await page.getByRole('heading', { name: 'Officer sign-in' }).waitFor(WAIT);
    await page.getByTestId('officer-chen-lan').click(WAIT);
    await page.getByLabel('PIN').fill(officer('chen-lan').pin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('sync-state').textContent(), WAIT).toContain('Online');
    await page.keyboard.press('F8');
    await page.getByRole('heading', { name: 'Settings' }).waitFor(WAIT);
    await saveScreenshot(page, 'settings-en-1920x1080');
  });
});
