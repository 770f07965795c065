import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoWeb, type DemoWeb } from '../../tools/demo-web.ts';
import { addDays } from '../../shared/domain/calendar/index.ts';
import { bureauToday } from '../../shared/domain/identity/index.ts';
import {
  approveCase,
  cancelCase,
  forwardToBackOffice,
  markReadyForPickup,
  mergeCases,
  rejectCase,
  completeCase,
} from '../../shared/domain/case/index.ts';
import type { Case } from '../../shared/schemas/index.ts';
import { launchChromium, saveScreenshot } from '../helpers/chromium.ts';
import { DeviceClient, inserts, pushCaseAsItsSites, wire } from '../helpers/hub.ts';
import { makeCase } from '../helpers/cases.ts';
import { WAIT, openCounterPage, signIn } from '../helpers/counter-page.ts';

const TODAY = bureauToday();
const backOffice = { officerId: 'hub-back-office', siteCode: 'HT', role: 'back-office' as const };
const island = { officerId: 'lin-hai', siteCode: 'DX', role: 'officer' as const };

/** A DX case accepted `daysAgo` days ago at counter 1, with one missing material, due `dueIn` days after acceptance. */
function seededCase(sequence: number, daysAgo: number, options: { serviceCode?: string; dueIn?: number } = {}): Case {
  const date = addDays(TODAY, -daysAgo);
  const base = makeCase({
    siteCode: 'DX',
    counter: 1,
    sequence: 9000 + sequence,
    date,
    at: new Date(Date.parse(`${date}T01:00:00.000Z`) + sequence * 60_000).toISOString(),
    officerId: 'lin-hai',
    ...(options.serviceCode ? { serviceCode: options.serviceCode } : {}),
  });
  const accepted = base.events[0] as Extract<Case['events'][number], { type: 'accepted' }>;
  const items = accepted.items.map((item) => ({
    ...item,
    dueDate: addDays(date, options.dueIn ?? 30),
    materials: [
      { code: 'id-card', received: true },
      { code: 'old-passport', received: false },
    ],
  }));
  return {
    ...base,
    items,
    dueDate: items[0]!.dueDate,
    events: [{ ...accepted, items }],
  };
}

/**
 * The cases screen (F3) against `npm run demo:web`, with cases pushed to the hub by counter 1's device as an island
 * counter would: a spread of statuses and dates, one forwarded to the back office, one overdue, one whose replicas
 * contradict each other (approved at one, rejected at another), and one the hub refuses.
 */
describe('the cases screen in Chromium against npm run demo:web', () => {
  let demo: DemoWeb;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let officerPage: Page;
  const cases: Record<string, Case> = {};

  async function counterPage(officerId: string, counter = 1): Promise<Page> {
    const { context, page } = await openCounterPage(browser, demo, { counter });
    contexts.push(context);
    await signIn(page, demo, officerId);
    await page.keyboard.press('F3');
    await page.locator('[data-testid="case-list"][data-ready="true"]').waitFor(WAIT);
    return page;
  }
  const rows = (page: Page) => page.getByTestId('case-row');
  const rowNumbers = (page: Page) => rows(page).evaluateAll((els) => els.map((el) => el.dataset.caseNumber));
  const rowStatuses = (page: Page) => rows(page).evaluateAll((els) => els.map((el) => el.dataset.status));
  const settled = (page: Page) => page.locator('[data-testid="case-list"][data-ready="true"]').waitFor(WAIT);
  async function openCase(page: Page, c: Case) {
    await page.getByTestId('case-search').fill(c.caseNumber);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([c.caseNumber]);
    await page.getByRole('button', { name: c.caseNumber }).click();
    await page.locator(`[data-testid="case-detail"][data-case-number="${c.caseNumber}"]`).waitFor(WAIT);
  }

  beforeAll(async () => {
    demo = await startDemoWeb({ hubPort: 0, webPort: 0, dataDir: null });
    browser = await launchChromium();
    const device = demo.demo.devices.find((d) => d.counter === 1)!;
    const client = new DeviceClient(demo.hubUrl, device.token);
    // The main island's back office records its own acts (approvals, rejections): a device adds only its site's.
    const backOfficeDevice = new DeviceClient(demo.hubUrl, (await demo.enrol('HT', '主岛后台（测试）')).token);

    const plain = Array.from({ length: 24 }, (_, i) => seededCase(i + 1, i * 3, { dueIn: 90 }));
    cases.household = seededCase(40, 5, { serviceCode: 'HR-IDCARD-RENEW' });
    cases.overdue = seededCase(41, 20, { dueIn: 10 });
    const forwarded = forwardToBackOffice(seededCase(42, 2), island, { toSiteCode: 'HT', note: '材料齐全' });
    cases.forwarded = forwarded;
    const completed = completeCase(
      markReadyForPickup(
        approveCase(forwardToBackOffice(seededCase(43, 9), island, { toSiteCode: 'HT', note: '' }), backOffice, ''),
        backOffice,
        'DX',
      ),
      island,
    );
    cases.completed = completed;
    cases.cancelled = cancelCase(seededCase(44, 12), island, '申请人撤回');
    const disputed = forwardToBackOffice(seededCase(45, 4), island, { toSiteCode: 'HT', note: '' });
    cases.disputed = disputed;
    await client.push(
      'cases',
      inserts([...plain, cases.household, cases.overdue, forwarded, cases.cancelled, disputed]),
    );
    await pushCaseAsItsSites((site) => (site === 'HT' ? backOfficeDevice : client), completed);

    // The main island approved while another back-office replica rejected: the merged log holds both outcomes.
    const merged = mergeCases(
      approveCase(disputed, backOffice, '同意', { now: () => new Date(Date.parse(disputed.updatedAt) + 60_000) }),
      rejectCase(disputed, { ...backOffice, officerId: 'hub-reviewer' }, '照片不合格', {
        now: () => new Date(Date.parse(disputed.updatedAt) + 90_000),
      }),
    );
    expect(merged.attention.some((a) => a.code === 'contradictory-outcome')).toBe(true);
    cases.disputed = merged;
    expect(
      await backOfficeDevice.push('cases', [{ newDocumentState: wire(merged), assumedMasterState: wire(disputed) }]),
    ).toEqual([]);

    // A case this counter pushed with an ID number whose check digit is wrong: the hub sets it aside.
    const bad = seededCase(46, 1);
    const wrong = bad.applicant.idNumber.slice(0, 17) + (bad.applicant.idNumber.endsWith('1') ? '2' : '1');
    cases.refused = {
      ...bad,
      applicant: { ...bad.applicant, idNumber: wrong },
      events: [{ ...bad.events[0]!, applicant: { ...bad.applicant, idNumber: wrong } } as Case['events'][number]],
    };
    await client.push('cases', inserts([cases.refused]));
    expect((await client.refused()).map((r) => r.docId)).toContain(cases.refused.id);

    officerPage = await counterPage('lin-hai');
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await demo?.close();
  });

  it('lists the cases newest first, fifty to a page', async () => {
    await expect
      .poll(() => officerPage.getByTestId('case-total').textContent(), { timeout: 30_000 })
      .toContain('本机共 30 件');
    await expect.poll(async () => (await rowNumbers(officerPage)).length, WAIT).toBe(30);
    const numbers = await rowNumbers(officerPage);
    expect(numbers).toHaveLength(30);
    const accepted = await rows(officerPage).evaluateAll((els) =>
      els.map((el) => el.querySelectorAll('td')[4]?.textContent ?? ''),
    );
    expect(accepted).toEqual([...accepted].sort().reverse());
    expect(await officerPage.getByTestId('case-next').isDisabled()).toBe(true);
    await saveScreenshot(officerPage, 'case-list');
  });

  it('filters by status, business type, overdue and needs attention', async () => {
    const page = officerPage;
    await page.getByTestId('filter-status').selectOption('forwarded');
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([cases.forwarded!.caseNumber]);
    await page.getByTestId('filter-status').selectOption('cancelled');
    await expect.poll(() => rowStatuses(page), WAIT).toEqual(['cancelled']);
    await page.getByTestId('filter-status').selectOption('');

    await page.getByTestId('filter-business').selectOption('household');
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([cases.household!.caseNumber]);
    await page.getByTestId('filter-business').selectOption('');

    await page.getByTestId('filter-overdue').check();
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([cases.overdue!.caseNumber]);
    expect(await rows(page).first().getByTestId('overdue').textContent()).toContain('已超期 10 天');
    await page.getByTestId('filter-overdue').uncheck();

    await page.getByTestId('filter-attention').check();
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([cases.disputed!.caseNumber]);
    await page.getByTestId('filter-attention').uncheck();
    await settled(page);
  });

  it('filters by the date of acceptance, both days included', async () => {
    const page = officerPage;
    await page.getByTestId('filter-from').fill(addDays(TODAY, -9));
    await page.getByTestId('filter-to').fill(addDays(TODAY, -3));
    // Plain cases accepted 3, 6 and 9 days ago, and the completed (9), disputed (4) and household (5) ones.
    await expect.poll(async () => (await rowNumbers(page)).length, WAIT).toBe(6);
    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(async () => (await rowNumbers(page)).length, WAIT).toBe(30);
  });

  it('finds a case by its number, and an applicant by name or ID number', async () => {
    const page = officerPage;
    const target = cases.overdue!;
    await page.getByTestId('case-search').fill(target.caseNumber.replaceAll('-', '').toLowerCase());
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([target.caseNumber]);

    await page.getByTestId('case-search').fill(target.applicant.name);
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([target.caseNumber]);

    await page.getByTestId('case-search').fill(target.applicant.idNumber.slice(-8));
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([target.caseNumber]);
    // The list masks ID numbers.
    expect(await rows(page).first().textContent()).not.toContain(target.applicant.idNumber);
    await page.getByRole('button', { name: '清除筛选' }).click();
    await settled(page);
  });

  it('shows a case’s full history, items, materials, fees and due date', async () => {
    const page = officerPage;
    await openCase(page, cases.completed!);
    const history = page.getByTestId('case-history').locator('tbody tr');
    await expect
      .poll(() => history.evaluateAll((els) => els.map((el) => el.dataset.event)), WAIT)
      .toEqual(['accepted', 'forwarded', 'approved', 'ready-for-pickup', 'completed']);
    const accepted = await history.first().textContent();
    expect(accepted).toContain('受理');
    expect(accepted).toContain('accepted');
    expect(accepted).toContain('林海 (lin-hai)');
    expect(accepted).toContain('东庠');
    expect(await history.nth(1).textContent()).toMatch(/转至 海坛.*\(HT\)/);
    expect(await history.nth(2).textContent()).toContain('hub-back-office');
    expect(await page.getByTestId('case-items').textContent()).toContain('普通护照换发');
    expect(await page.getByTestId('case-items').locator('[data-received="false"]').textContent()).toContain(
      '原普通护照',
    );
    expect(await page.getByTestId('case-owed').textContent()).toBe('¥120.00');
    expect(await page.getByTestId('no-actions').count()).toBe(1);
    await page.getByTestId('case-back').click();
    await settled(page);
  });

  it('does not offer approval or rejection to a plain officer, only what the state machine allows', async () => {
    const page = officerPage;
    await openCase(page, cases.forwarded!);
    const offered = await page
      .getByTestId('case-actions')
      .locator('[data-testid^="action-"]')
      .evaluateAll((els) => els.map((el) => el.dataset.testid));
    expect(offered).toEqual([
      'action-materials-requested',
      'action-materials-received',
      'action-cancelled',
      'action-field-corrected',
      'action-payment-recorded',
    ]);
    expect(await page.getByTestId('case-actions').textContent()).toContain(
      '核准和不予批准只能由后台审批人员或值班领导办理',
    );
    await saveScreenshot(page, 'case-detail');
    await page.getByTestId('case-history').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'case-detail-history');
  });

  it('records a payment stamped with the officer, and refuses one above the balance in Chinese then English', async () => {
    const page = officerPage;
    await page.getByTestId('action-payment-recorded').click();
    await page.getByTestId('action-amount').fill('999');
    await page.getByTestId('action-submit').click();
    const error = page.getByTestId('action-error');
    await expect.poll(() => error.textContent(), WAIT).toMatch(/超过应收余额.*exceeds/);
    expect(await error.locator('[lang="zh-CN"]').textContent()).toContain('收费 ¥999.00 超过应收余额 ¥120.00');

    await page.getByTestId('action-amount').fill('120');
    await page.getByTestId('action-method').selectOption('mobile');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('action-done').textContent(), WAIT).toContain('已记录：登记收费');
    await expect.poll(() => page.getByTestId('case-paid').textContent(), WAIT).toBe('¥120.00');
    const last = page.getByTestId('case-history').locator('tbody tr').last();
    expect(await last.getAttribute('data-event')).toBe('payment-recorded');
    expect(await last.textContent()).toContain('林海 (lin-hai)');
    expect(await last.textContent()).toContain('移动支付');
    await expect.poll(() => page.getByTestId('sync-pending').getAttribute('data-count'), WAIT).toBe('0');
  });

  it('lets a supervisor approve the forwarded case, with the event in its history', async () => {
    // At counter 2: the hub streams a device's changes to the other devices, not back to itself.
    const page = await counterPage('chen-lan', 2);
    await openCase(page, cases.forwarded!);
    expect(await page.getByTestId('action-approved').count()).toBe(1);
    expect(await page.getByTestId('action-rejected').count()).toBe(1);
    await page.getByTestId('action-approved').click();
    await page.getByTestId('action-text').fill('材料齐全，同意');
    await page.getByTestId('action-submit').click();
    await expect
      .poll(() => page.getByTestId('case-detail').locator('h1 [data-status]').getAttribute('data-status'), WAIT)
      .toBe('approved');
    const last = page.getByTestId('case-history').locator('tbody tr').last();
    expect(await last.textContent()).toContain('陈岚 (chen-lan)');
    expect(await last.textContent()).toContain('备注：材料齐全，同意');
    // The plain officer's screen follows through the hub.
    await expect
      .poll(() => officerPage.getByTestId('case-detail').locator('h1 [data-status]').getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('approved');
  }, 90_000);

  it('gathers contradictions and refused documents under needs attention, each with its reason and a link', async () => {
    const page = officerPage;
    await page.getByTestId('case-back').click();
    await page.keyboard.press('F9');
    await page.getByRole('button', { name: '立即同步' }).click();
    await page.keyboard.press('F3');
    await page.getByTestId('cases-tab-attention').click();
    const flagged = page.getByTestId('attention-cases').locator('li');
    await expect
      .poll(() => flagged.evaluateAll((els) => els.map((el) => el.dataset.caseNumber)), WAIT)
      .toEqual([cases.disputed!.caseNumber]);
    expect(await flagged.first().getAttribute('data-code')).toBe('contradictory-outcome');
    expect(await flagged.first().textContent()).toMatch(/结果冲突.*Contradictory outcomes/);

    const refused = page.getByTestId('attention-refused').locator(`tr[data-doc-id="${cases.refused!.id}"]`);
    await expect.poll(() => refused.textContent(), WAIT).toContain('applicant-id-check-digit');
    await saveScreenshot(page, 'case-needs-attention');

    await flagged.first().getByRole('button', { name: cases.disputed!.caseNumber }).click();
    await page.getByTestId('case-attention').waitFor(WAIT);
    expect(await page.getByTestId('case-attention').textContent()).toContain('结果矛盾');
    const events = await page
      .getByTestId('case-history')
      .locator('tbody tr')
      .evaluateAll((els) => els.map((el) => el.dataset.event));
    expect(events).toEqual(expect.arrayContaining(['approved', 'rejected']));
  });

  it('shows the list and a case in English, the history still naming each event in both languages', async () => {
    const page = officerPage;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('case-back').click();
    await page.getByTestId('cases-tab-list').click();
    await page.getByRole('columnheader', { name: 'Case number' }).waitFor(WAIT);
    await openCaseInEnglish(page, cases.completed!);
    const history = page.getByTestId('case-history');
    expect(await history.locator('thead').textContent()).toContain('When');
    expect(await history.locator('tbody tr').first().textContent()).toMatch(/受理.*accepted/);
    expect(await page.getByTestId('case-items').textContent()).toContain('Passport renewal');
    await saveScreenshot(page, 'case-detail-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  async function openCaseInEnglish(page: Page, c: Case) {
    await page.getByTestId('case-search').fill(c.caseNumber);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => rowNumbers(page), WAIT).toEqual([c.caseNumber]);
    await page.getByRole('button', { name: c.caseNumber }).click();
    await page.locator(`[data-testid="case-detail"][data-case-number="${c.caseNumber}"]`).waitFor(WAIT);
  }
});
