// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { recordPayment } from '../../../../../shared/domain/case/index.ts';
import type { Case } from '../../../../../shared/schemas/index.ts';
import type { TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { counterDatabase, renderIntake, resetIntakeEnvironment } from '../intake/harness.tsx';

const WAIT = { timeout: 10_000 };

async function fillForm(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText('证件号码'), '350128198805162348');
  await user.type(screen.getByLabelText('姓名'), '林晓梅');
  const search = await screen.findByRole('combobox', { name: '搜索事项' }, WAIT);
  await waitFor(() => expect((search as HTMLInputElement).disabled).toBe(false), WAIT);
  await user.type(search, '护照换发');
  await screen.findByRole('listbox');
  for (let step = 0; step < 8; step++) {
    const selected = within(screen.getByRole('listbox')).getByRole('option', { selected: true });
    if (selected.getAttribute('data-code') === 'EE-PASSPORT-RENEW') break;
    await user.keyboard('{ArrowDown}');
  }
  await user.keyboard('{Enter}');
  await screen.findByTestId('item-EE-PASSPORT-RENEW', undefined, WAIT);
}

/** The receipt's text at the moment it is first put on the page. */
function receiptWhenFirstShown(): Promise<string> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const receipt = document.querySelector('[data-testid="receipt"]');
      if (!receipt) return;
      observer.disconnect();
      resolve(receipt.textContent ?? '');
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

describe('the receipt right after a save', () => {
  let db: TongbanDatabase;

  beforeEach(async () => {
    resetIntakeEnvironment();
    db = await counterDatabase();
  });
  afterEach(async () => {
    cleanup();
    await db.close();
    resetIntakeEnvironment();
  });

  it('names the item, the site and the officer as soon as it appears, not codes filled in later', async () => {
    const user = userEvent.setup();
    await renderIntake(db);
    await fillForm(user);
    const shown = receiptWhenFirstShown();
    await user.click(screen.getByTestId('save-intake'));
    const text = await shown;
    expect(text).toContain('普通护照换发');
    expect(text).toContain('东庠服务分中心');
    expect(text).toContain('林海');
    expect(text).not.toContain('EE-PASSPORT-RENEW');
    expect(text).not.toContain('lin-hai');
  });

  it('is the stored case: it shows a change made to the case after the save', async () => {
    const user = userEvent.setup();
    await renderIntake(db);
    await fillForm(user);
    await user.click(screen.getByTestId('save-intake'));
    await waitFor(() => expect(screen.getByTestId('receipt-total').textContent).toContain('未收费'), WAIT);

    const stored = (await db.cases.findOne().exec())!.toJSON() as Case;
    await db.cases.upsert(
      recordPayment(
        stored,
        { officerId: 'lin-hai', siteCode: 'DX', role: 'officer' },
        { amountFen: stored.totalFeeFen, method: 'cash' },
      ),
    );
    await waitFor(() => expect(screen.getByTestId('receipt-total').textContent).toContain('已收'), WAIT);
  });
});
