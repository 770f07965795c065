import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoWeb, type DemoWeb } from '../../tools/demo-web.ts';
import { launchChromium, saveScreenshot } from '../helpers/chromium.ts';
import { pdfText } from '../helpers/pdf-text.ts';
import type { Case, Ticket } from '../../shared/schemas/index.ts';
import { makeCase } from '../helpers/cases.ts';
import type { TongbanTestHooks } from '../../renderer/app/test-hooks.ts';

const WAIT = { timeout: 20_000 };
const CASE_NUMBER = /^DX-\d{8}-01-\d{4}$/;

declare global {
  interface Window {
    tongbanTestHooks?: TongbanTestHooks;
  }
}

describe('intake and receipt in Chromium against npm run demo:web', () => {
  let demo: DemoWeb;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const savedCaseNumbers: string[] = [];
  /** What the page logged about its encryption worker (web-sealer.ts): a worker given up on is reported so. */
  const sealerWarnings: string[] = [];

  const officer = (id: string) => demo.demo.officers.find((o) => o.id === id)!;

  /** The cases the hub holds for site DX, as counter 1's device reads them through the sync API. */
  async function casesAtHub(): Promise<Case[]> {
    const token = demo.demo.devices.find((d) => d.counter === 1)!.token;
    const response = await fetch(`${demo.hubUrl}/sync/cases/pull?checkpoint=0&limit=1000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { documents: Case[] }).documents;
  }

  /** Adds a service through the search box with the keyboard: type, ↓ until it is highlighted, Enter. */
  async function addService(query: string, code: string) {
    const search = page.getByRole('combobox', { name: '搜索事项' });
    await search.fill(query);
    await page.getByTestId('service-results').locator(`[data-code="${code}"]`).waitFor(WAIT);
    for (let step = 0; step < 8; step++) {
      if ((await page.locator('[role="option"][aria-selected="true"]').getAttribute('data-code')) === code) break;
      await search.press('ArrowDown');
    }
    await search.press('Enter');
    await page.getByTestId(`item-${code}`).waitFor(WAIT);
  }

  beforeAll(async () => {
    demo = await startDemoWeb({ hubPort: 0, webPort: 0, dataDir: null });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    await context.addInitScript(() => localStorage.setItem('tongban.testHooks', '1'));
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.text().includes('encryption worker')) sealerWarnings.push(message.text());
    });
    await page.goto(demo.appUrl);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await demo?.close();
  });

  it('takes a two-item case for the called ticket, with a supervisor override, and issues a receipt whose PDF holds the case number', async () => {
    await page.getByTestId('officer-lin-hai').click(WAIT);
    await page.getByLabel('PIN 码').fill(officer('lin-hai').pin);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('signed-in-officer').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('sync-state').getAttribute('data-online'), WAIT).toBe('true');

    // Call the next ticket on the queue screen, and start serving it: intake opens for it.
    await page.keyboard.press('F4');
    await expect.poll(() => page.getByTestId('queue-waiting').getAttribute('data-count'), WAIT).not.toBe('0');
    await page.getByTestId('call-next').click();
    const current = page.getByTestId('current-ticket');
    await current.waitFor(WAIT);
    const ticket = {
      displayNumber: (await current.textContent())!.trim().match(/[A-Z]\d{3,4}/)![0],
      id: (await page.evaluate(() => window.tongbanTestHooks!.store.getState().queue.currentTicketId))!,
    };
    await page.getByRole('button', { name: '开始办理' }).click();
    await page.getByTestId('intake-form').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('intake-ticket').textContent(), WAIT).toContain(ticket.displayNumber);

    // A scanner types fast and ends with Enter: a wrong check digit is named with the right one, and Enter moves on
    // to the next field instead of saving.
    const idNumber = page.getByLabel('证件号码');
    await idNumber.click();
    await page.keyboard.type('350128198805162347\n', { delay: 2 });
    await expect
      .poll(() => page.getByTestId('intake-idNumber-error').textContent(), WAIT)
      .toContain('校验位应为 8，实际为 7');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('intake-name');
    expect(await page.getByTestId('error-summary').count()).toBe(0);

    // The ID-card reader (the bridge's simulated driver in a browser) fills the applicant.
    await page.getByTestId('read-card').click();
    await expect.poll(() => idNumber.inputValue(), WAIT).toBe('350128198805162348');
    expect(await page.getByLabel('姓名').inputValue()).toBe('林晓梅');
    expect(await page.getByTestId('intake-idNumber-error').count()).toBe(0);
    const mobile = page.getByLabel('手机号码');
    await mobile.click();
    await page.keyboard.type('１３９５０１２３４５６\n', { delay: 2 });
    expect(await page.getByTestId('intake-mobile-error').count()).toBe(0);

    // Two items: by Chinese keyword, and by pinyin initials of 驾驶证期满换证.
    await addService('护照换发', 'EE-PASSPORT-RENEW');
    await addService('jszqmhz', 'TR-DL-RENEW');
    const passport = page.getByTestId('item-EE-PASSPORT-RENEW');
    const boxes = passport.getByRole('checkbox');
    for (let index = 0; index < (await boxes.count()) - 1; index++) await boxes.nth(index).check();
    expect(await page.getByTestId('due-EE-PASSPORT-RENEW').getAttribute('data-due')).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // 林海 holds exit-entry and household only: the driving licence needs the supervisor.
    await page.getByTestId('refused-TR-DL-RENEW').waitFor(WAIT);
    await page.getByTestId('override-TR-DL-RENEW').click();
    const dialog = page.getByTestId('supervisor-override');
    await dialog.getByTestId('supervisor-chen-lan').click();
    await dialog.getByLabel('PIN 码').fill(officer('chen-lan').pin);
    await dialog.getByRole('button', { name: '授权' }).click();
    await page.getByTestId('granted-TR-DL-RENEW').waitFor(WAIT);

    expect(await page.getByTestId('fee-total').getAttribute('data-fen')).toBe('13000');
    expect(await page.getByTestId('fee-total').textContent()).toContain('¥130.00');
    await page.getByTestId('fee-collected').check();
    await saveScreenshot(page, 'intake-items');
    await page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
    await saveScreenshot(page, 'intake');

    await page.getByTestId('save-intake').click();
    const caseNumber = (await page.getByTestId('receipt-case-number').textContent(WAIT))!.trim();
    expect(caseNumber).toMatch(CASE_NUMBER);
    savedCaseNumbers.push(caseNumber);
    expect(await page.getByTestId('receipt-overrides').textContent()).toContain('陈岚');
    expect(await page.getByTestId('receipt-collect').textContent()).toContain('主岛审批通过后到');
    expect(await page.getByTestId('receipt-total').textContent()).toContain('¥130.00');
    await page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
    await saveScreenshot(page, 'receipt');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-pdf').click()]);
    const bytes = new Uint8Array(await readFile((await download.path())!));
    expect(Buffer.from(bytes).toString('latin1')).toContain(`(${caseNumber})`);
    const pdf = await pdfText(bytes);
    expect(pdf.text).toContain(caseNumber);
    expect(pdf.text).toContain('受理回执');
    expect(pdf.subject).toBe(caseNumber);

    // The ticket is done and points at the case; the case went to the hub.
    const linked = await page.evaluate(
      async (id) => (await window.tongbanTestHooks!.db.tickets.findOne(id).exec())?.toJSON() as Ticket,
      ticket.id,
    );
    expect(linked.status).toBe('done');
    const saved = await page.evaluate(
      async (number) =>
        (
          await window.tongbanTestHooks!.db.cases.findOne({ selector: { caseNumber: number } }).exec()
        )?.toJSON() as Case,
      caseNumber,
    );
    expect(linked.caseId).toBe(saved.id);
    expect(saved.events.find((event) => event.type === 'accepted')).toMatchObject({ ticketId: ticket.id });
    expect(saved.paidFen).toBe(13000);
    await expect.poll(() => page.getByTestId('sync-pending').getAttribute('data-count'), WAIT).toBe('0');
    // The supervisor's override is in the case's own log, and went to the hub with it.
    const override = {
      type: 'authorisation-overridden',
      officerId: 'lin-hai',
      siteCode: 'DX',
      supervisorId: 'chen-lan',
      businessType: 'traffic',
      serviceCodes: ['TR-DL-RENEW'],
    };
    expect(saved.events.filter((event) => event.type === 'authorisation-overridden')).toEqual([
      expect.objectContaining(override),
    ]);
    const atHub = (await casesAtHub()).find((c) => c.caseNumber === caseNumber);
    expect(atHub?.events.filter((event) => event.type === 'authorisation-overridden')).toEqual([
      expect.objectContaining(override),
    ]);
  }, 120_000);

  it('sealed the saved case in a worker of the page: IndexedDB holds its personal data only as ciphertext', async () => {
    expect(savedCaseNumbers.length).toBeGreaterThan(0);
    const sealerWorker = page.workers().find((worker) => /field-sealer\.worker/.test(worker.url()));
    expect(
      sealerWorker,
      page
        .workers()
        .map((worker) => worker.url())
        .join(', '),
    ).toBeDefined();
    // A case written now is sealed by that worker: the count of values it sealed goes up by it.
    const sealedInWorker = () =>
      sealerWorker!.evaluate(() => (self as unknown as { tongbanSealedValues: () => number }).tongbanSealedValues());
    const before = await sealedInWorker();
    const written = makeCase({ siteCode: 'DX', counter: 9, sequence: 9_001 });
    await page.evaluate(async (doc) => {
      await window.tongbanTestHooks!.db.cases.insert(doc);
    }, written);
    expect(await sealedInWorker()).toBe(before + 1);
    expect(sealerWarnings).toEqual([]);
    // The case's record as IndexedDB holds it, below RxDB and Dexie.
    const raw = await page.evaluate(async (caseNumber) => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '');
      const name = names.find((n) => /--cases$/.test(n));
      if (!name) return { names };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const records = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction('docs').objectStore('docs').getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return { names, record: records.find((r) => (r as { caseNumber?: string }).caseNumber === caseNumber) };
    }, savedCaseNumbers[0]!);
    const record = raw.record as Record<string, unknown> | undefined;
    expect(record, `no stored case ${savedCaseNumbers[0]} in ${JSON.stringify(raw.names)}`).toBeDefined();
    expect(String(record!.applicant)).toMatch(/^v1\./);
    expect(record!.events).toBeUndefined();
    const saved = await page.evaluate(
      async (number) =>
        (
          await window.tongbanTestHooks!.db.cases.findOne({ selector: { caseNumber: number } }).exec()
        )?.toJSON() as Case,
      savedCaseNumbers[0]!,
    );
    expect(JSON.stringify(record)).not.toContain(saved.applicant.idNumber);
    expect(JSON.stringify(record)).not.toContain(saved.applicant.name);
  });

  it('takes a case while the hub is down, shows it pending, and delivers it when the hub returns', async () => {
    await demo.stopHub();
    try {
      await expect.poll(() => page.getByTestId('sync-state').getAttribute('data-online'), WAIT).toBe('false');
      await page.getByTestId('next-intake').click();
      await page.getByTestId('intake-form').waitFor(WAIT);
      await page.getByLabel('证件号码').fill('350128196211021215');
      await page.getByLabel('姓名').fill('陈海生');
      await addService('sfz', 'HR-IDCARD-RENEW');
      await page.getByTestId('save-intake').click();
      const caseNumber = (await page.getByTestId('receipt-case-number').textContent(WAIT))!.trim();
      expect(caseNumber).toMatch(CASE_NUMBER);
      expect(caseNumber).not.toBe(savedCaseNumbers[0]);
      savedCaseNumbers.push(caseNumber);
      expect(await page.getByTestId('sync-state').getAttribute('data-online')).toBe('false');
      await expect.poll(() => page.getByTestId('sync-pending').getAttribute('data-count'), WAIT).toBe('1');
      await saveScreenshot(page, 'receipt-offline');
    } finally {
      await demo.startHub();
    }
    await expect
      .poll(() => page.getByTestId('sync-state').getAttribute('data-online'), { timeout: 40_000 })
      .toBe('true');
    await expect.poll(() => page.getByTestId('sync-pending').getAttribute('data-count'), { timeout: 40_000 }).toBe('0');
    const atHub = (await casesAtHub()).map((c) => c.caseNumber);
    expect(atHub).toEqual(expect.arrayContaining(savedCaseNumbers));
  }, 120_000);
});
