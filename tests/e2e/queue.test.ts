import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoWeb, type DemoWeb } from '../../tools/demo-web.ts';
import { launchChromium, saveScreenshot } from '../helpers/chromium.ts';
import { WAIT, openCounterPage, signIn } from '../helpers/counter-page.ts';

/**
 * The queue screen (F4) at two counters of 东庠 against `npm run demo:web`, whose hub holds five tickets waiting
 * today (A001, B001, D001, A002, C001). The tests run in order on one hub and leave both counters free.
 */
describe('the queue in Chromium against npm run demo:web', () => {
  let demo: DemoWeb;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let one: Page;
  let two: Page;

  const current = (page: Page) => page.getByTestId('current-ticket');
  const row = (page: Page, number: string) => page.getByTestId(`ticket-${number}`);
  const callNext = (page: Page) => page.getByTestId('call-next').click();
  const heldBy = async (page: Page) =>
    (await current(page).count()) > 0 ? ((await current(page).textContent()) ?? '').trim() : null;

  async function counterPage(counter: number, officerId: string): Promise<Page> {
    const { context, page } = await openCounterPage(browser, demo, { counter });
    contexts.push(context);
    await signIn(page, demo, officerId);
    await page.getByTestId('queue-list').waitFor(WAIT);
    await page.locator('[data-testid="sync-state"][data-online="true"]').waitFor(WAIT);
    return page;
  }

  beforeAll(async () => {
    demo = await startDemoWeb({ hubPort: 0, webPort: 0, dataDir: null });
    browser = await launchChromium();
    one = await counterPage(1, 'lin-hai');
    two = await counterPage(2, 'chen-lan');
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await demo?.close();
  });

  it('shows today’s tickets of the site in sequence order, with the number waiting', async () => {
    await expect
      .poll(
        () =>
          one
            .getByTestId('queue-list')
            .locator('tbody tr')
            .evaluateAll((rows) => rows.map((r) => r.dataset.testid)),
        WAIT,
      )
      .toEqual(['ticket-A001', 'ticket-B001', 'ticket-D001', 'ticket-A002', 'ticket-C001']);
    expect(await one.getByTestId('queue-waiting').getAttribute('data-count')).toBe('5');
  });

  it('calls the next ticket to this counter, announces it, and has the hub confirm the call', async () => {
    await callNext(one);
    await expect.poll(() => heldBy(one), WAIT).toBe('A001');
    expect(await one.getByTestId('queue-announcement').textContent()).toContain('请 A001 号到 1 号窗口');
    await expect.poll(() => one.getByTestId('call-confirmation').getAttribute('data-state'), WAIT).toBe('confirmed');
    // The other counter sees the call through the hub.
    await expect.poll(() => row(two, 'A001').getAttribute('data-status'), WAIT).toBe('called');
    expect(await row(two, 'A001').getAttribute('data-counter')).toBe('1');
    await saveScreenshot(one, 'queue');
  });

  it('recalls the ticket as a visible action with a new call time', async () => {
    await one.getByRole('button', { name: '重呼' }).click();
    await expect.poll(() => one.getByTestId('recall-count').textContent(), WAIT).toContain('已重呼 1 次');
    expect(await one.getByTestId('queue-announcement').textContent()).toContain('重呼：请 A001 号到 1 号窗口');
  });

  it('skips a citizen who does not come, freeing the counter', async () => {
    await one.getByRole('button', { name: '过号' }).click();
    await expect.poll(() => row(one, 'A001').getAttribute('data-status'), WAIT).toBe('skipped');
    expect(await current(one).count()).toBe(0);
    await expect.poll(() => row(two, 'A001').getAttribute('data-status'), WAIT).toBe('skipped');
  });

  it('transfers a ticket to another counter, which sees it at the top of its list and calls it first', async () => {
    await callNext(one);
    await expect.poll(() => heldBy(one), WAIT).toBe('B001');
    await one.getByTestId('transfer-target').selectOption('2');
    await one.getByRole('button', { name: '转窗口' }).click();
    await expect.poll(() => one.getByTestId('queue-notice').textContent(), WAIT).toContain('B001 号已转到 2号窗口');
    expect(await current(one).count()).toBe(0);

    const firstRow = two.getByTestId('queue-list').locator('tbody tr').first();
    await expect.poll(() => firstRow.getAttribute('data-testid'), WAIT).toBe('ticket-B001');
    expect(await firstRow.textContent()).toContain('转来本窗口');
    await saveScreenshot(two, 'queue-transferred-here');

    await callNext(two);
    await expect.poll(() => heldBy(two), WAIT).toBe('B001');
    await two.getByRole('button', { name: '开始办理' }).click();
    await expect.poll(() => two.locator('nav [aria-current="page"]').textContent(), WAIT).toContain('一窗受理');
    await two.keyboard.press('F4');
    await expect.poll(() => row(two, 'B001').getAttribute('data-status'), WAIT).toBe('serving');
    await two.getByRole('button', { name: '结束（未受理案件）' }).click();
    await expect.poll(() => row(two, 'B001').getAttribute('data-status'), WAIT).toBe('done');
  });

  it('issues a walk-in ticket at the counter with a number of its own', async () => {
    await one.getByTestId('walk-in-business-type').selectOption('household');
    await one.getByTestId('issue-ticket').click();
    await expect.poll(() => one.getByTestId('queue-notice').textContent(), WAIT).toContain('已发号 W0101');
    await expect.poll(() => row(two, 'W0101').getAttribute('data-status'), WAIT).toBe('waiting');
    await one.getByTestId('issue-ticket').click();
    await expect.poll(() => one.getByTestId('queue-notice').textContent(), WAIT).toContain('已发号 W0102');
  });

  it('never leaves two counters holding the same ticket when both call at once', async () => {
    await Promise.all([callNext(one), callNext(two)]);
    // Each holds a different ticket, or one was told that the other counter's call reached the hub first.
    await expect
      .poll(async () => {
        const [a, b] = [await heldBy(one), await heldBy(two)];
        if (a && b) return a !== b ? 'different' : 'same';
        const told = (await one.getByTestId('queue-taken').count()) + (await two.getByTestId('queue-taken').count());
        return a || b ? (told > 0 ? 'one was told' : 'one idle, nobody told') : 'none';
      }, WAIT)
      .toMatch(/different|one was told/);
    // Free both counters. A call still on its way to the hub when the other counter skips the ticket stands (the
    // citizen heard both calls), so skip until neither counter holds a ticket.
    await expect
      .poll(async () => {
        for (const page of [one, two])
          if ((await current(page).count()) > 0)
            await page
              .getByRole('button', { name: '过号' })
              .click({ timeout: 2_000 })
              .catch(() => undefined);
        return (await current(one).count()) + (await current(two).count());
      }, WAIT)
      .toBe(0);
    for (const page of [one, two])
      await expect.poll(() => page.getByTestId('sync-pending').getAttribute('data-count'), WAIT).toBe('0');
  });

  it('offline, lets both counters call the same ticket, and tells the one whose call reached the hub second', async () => {
    await demo.stopHub();
    try {
      for (const page of [one, two])
        await expect.poll(() => page.getByTestId('sync-state').getAttribute('data-online'), WAIT).toBe('false');
      await callNext(one);
      await callNext(two);
      const [a, b] = [await heldBy(one), await heldBy(two)];
      expect(a).not.toBeNull();
      expect(a).toBe(b);
      expect(await one.getByTestId('call-confirmation').getAttribute('data-state')).toBe('offline');
      await saveScreenshot(one, 'queue-offline-call');
    } finally {
      await demo.startHub();
    }
    const told = async () =>
      (await one.getByTestId('queue-taken').count()) + (await two.getByTestId('queue-taken').count());
    await expect.poll(told, { timeout: 60_000 }).toBe(1);
    expect([await heldBy(one), await heldBy(two)].filter((held) => held !== null)).toHaveLength(1);
    const loser = (await one.getByTestId('queue-taken').count()) > 0 ? one : two;
    expect(await loser.getByTestId('queue-taken').textContent()).toMatch(/已由 \d号窗口 先行叫号/);
  }, 120_000);
});
