// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { recordPayment } from '../../../../../shared/domain/case/index.ts';
import type { Case } from '../../../../../shared/schemas/index.ts';
import { ServicesProvider } from '../../../../../renderer/app/services-context.tsx';
import type { CounterServices } from '../../../../../renderer/app/services.ts';
import type { TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { CaseActions } from '../../../../../renderer/features/cases/CaseActions.tsx';
import type { CaseReferenceData } from '../../../../../renderer/features/cases/use-case-data.ts';
import { initI18n } from '../../../../../renderer/i18n/index.ts';
import { useAppStore } from '../../../../../renderer/store/index.ts';
import { makeCase } from '../../../../helpers/cases.ts';
import { counterDatabase, resetIntakeEnvironment } from '../intake/harness.tsx';

const WAIT = { timeout: 10_000 };
const reference: CaseReferenceData = { services: new Map(), sites: new Map(), officers: new Map() };

/** 林海 signed in at DX counter 1, the action panel of `current` (as stored in `db`) on screen. */
async function renderActions(db: TongbanDatabase, current: Case) {
  await initI18n('zh-CN');
  await db.cases.insert(current);
  const state = useAppStore.getState();
  state.device.setDevice({
    shell: 'web',
    siteCode: 'DX',
    counterNumber: 1,
    deviceId: 'dev-test',
    hubUrl: 'http://hub',
  });
  state.session.signIn({
    id: 'lin-hai',
    name: '林海',
    badge: '35012801',
    role: 'officer',
    authorisedBusinessTypes: ['exit-entry', 'household'],
  });
  const services = { db, platform: { shell: 'web', counterNumber: 1 } } as unknown as CounterServices;
  render(
    <ServicesProvider services={services}>
      <CaseActions current={current} reference={reference} />
    </ServicesProvider>,
  );
}

const storedEvents = async (db: TongbanDatabase, id: string) =>
  ((await db.cases.findOne(id).exec())!.toJSON() as Case).events.map((event) => event.type);

describe('the case action forms', () => {
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

  describe('登记收费 (record a payment)', () => {
    it('on a settled case says nothing is owed, and offers no amount and nothing to confirm', async () => {
      const user = userEvent.setup();
      const owing = makeCase({ siteCode: 'DX', sequence: 5 });
      const settled = recordPayment(
        owing,
        { officerId: 'lin-hai', siteCode: 'DX' },
        { amountFen: owing.totalFeeFen, method: 'cash' },
      );
      await renderActions(db, settled);
      await user.click(await screen.findByTestId('action-payment-recorded', undefined, WAIT));
      expect(screen.getByTestId('nothing-owed').textContent).toBe(
        '本案无应收余额（应收 ¥120.00，已收 ¥120.00），无需登记收费 Nothing is owed on this case (fees ¥120.00, paid ¥120.00); there is no payment to record.',
      );
      expect(screen.queryByTestId('action-amount')).toBeNull();
      expect(screen.queryByTestId('action-submit')).toBeNull();
    });

    it('refuses more than is owed in yuan, as the officer typed it, Chinese first', async () => {
      const user = userEvent.setup();
      const owing = makeCase({ siteCode: 'DX', sequence: 7 });
      await renderActions(db, owing);
      await user.click(await screen.findByTestId('action-payment-recorded', undefined, WAIT));
      const amount = screen.getByTestId('action-amount');
      await user.clear(amount);
      await user.type(amount, '121');
      await user.click(screen.getByTestId('action-submit'));
      const error = await screen.findByTestId('action-error', undefined, WAIT);
      expect(error.textContent).toBe(
        '收费 ¥121.00 超过应收余额 ¥120.00 The payment of ¥121.00 exceeds the ¥120.00 still owed.',
      );
      expect(await storedEvents(db, owing.id)).toEqual(['accepted']);
    });

    it('refuses an amount of ¥0.00, Chinese first, and records nothing', async () => {
      const user = userEvent.setup();
      const owing = makeCase({ siteCode: 'DX', sequence: 6 });
      await renderActions(db, owing);
      await user.click(await screen.findByTestId('action-payment-recorded', undefined, WAIT));
      const amount = screen.getByTestId('action-amount');
      expect((amount as HTMLInputElement).value).toBe('120.00');
      await user.clear(amount);
      await user.type(amount, '0');
      await user.click(screen.getByTestId('action-submit'));
      const error = await screen.findByTestId('action-error', undefined, WAIT);
      expect(error.textContent).toBe('收费金额须大于 ¥0.00 The amount of a payment must be more than ¥0.00.');
      await waitFor(async () => expect(await storedEvents(db, owing.id)).toEqual(['accepted']));
    });
  });

  describe('更正信息 (correct the applicant)', () => {
    it('refuses an empty name in intake’s words before recording anything', async () => {
      const user = userEvent.setup();
      const current = makeCase({ siteCode: 'DX', sequence: 8 });
      await renderActions(db, current);
      await user.click(await screen.findByTestId('action-field-corrected', undefined, WAIT));
      await user.selectOptions(screen.getByTestId('action-field'), 'applicant.name');
      await user.type(screen.getByTestId('action-value'), '   ');
      await user.type(screen.getByTestId('action-text'), '姓名录错');
      await user.click(screen.getByTestId('action-submit'));
      const error = await screen.findByTestId('action-error', undefined, WAIT);
      expect(error.textContent).toBe("请输入申请人姓名 enter the applicant's name");
      expect(await storedEvents(db, current.id)).toEqual(['accepted']);
    });

    it('limits each typed correction to the length the case can store', async () => {
      const user = userEvent.setup();
      await renderActions(db, makeCase({ siteCode: 'DX', sequence: 9 }));
      await user.click(await screen.findByTestId('action-field-corrected', undefined, WAIT));
      const limits = { 'applicant.name': 100, 'applicant.address': 300, 'applicant.mobile': 20 };
      for (const [field, limit] of Object.entries(limits)) {
        await user.selectOptions(screen.getByTestId('action-field'), field);
        expect((screen.getByTestId('action-value') as HTMLInputElement).maxLength).toBe(limit);
      }
      await user.selectOptions(screen.getByTestId('action-field'), 'applicant.idDocument');
      expect((screen.getByTestId('action-id-number') as HTMLInputElement).maxLength).toBe(40);
    });

    it('corrects the document type and number together: a resident ID card that was really passport E12345678', async () => {
      const user = userEvent.setup();
      const current = makeCase({ siteCode: 'DX', sequence: 10 });
      await renderActions(db, current);
      await user.click(await screen.findByTestId('action-field-corrected', undefined, WAIT));
      await user.selectOptions(screen.getByTestId('action-field'), '证件类型和号码');
      expect((screen.getByTestId('action-id-number') as HTMLInputElement).value).toBe(current.applicant.idNumber);
      await user.selectOptions(screen.getByTestId('action-id-type'), 'passport');
      await user.clear(screen.getByTestId('action-id-number'));
      await user.type(screen.getByTestId('action-id-number'), 'E12345678');
      await user.type(screen.getByTestId('action-text'), '证件类型录错');
      await user.click(screen.getByTestId('action-submit'));
      await screen.findByTestId('action-done', undefined, WAIT);
      const stored = (await db.cases.findOne(current.id).exec())!.toJSON() as Case;
      expect(stored.applicant).toMatchObject({ idType: 'passport', idNumber: 'E12345678' });
      expect(stored.events.map((event) => event.type)).toEqual(['accepted', 'field-corrected', 'field-corrected']);
    });

    it('says which part of the pair does not fit, and records nothing', async () => {
      const user = userEvent.setup();
      const current = makeCase({ siteCode: 'DX', sequence: 11 });
      await renderActions(db, current);
      await user.click(await screen.findByTestId('action-field-corrected', undefined, WAIT));
      await user.selectOptions(screen.getByTestId('action-field'), '证件类型和号码');
      await user.selectOptions(screen.getByTestId('action-id-type'), 'passport');
      await user.type(screen.getByTestId('action-text'), '证件类型录错');
      await user.click(screen.getByTestId('action-submit'));
      const error = await screen.findByTestId('action-error', undefined, WAIT);
      expect(error.textContent).toBe(
        '护照号码应为 9 位，实际 18 位 the passport number should have 9 characters, got 18',
      );
      expect(await storedEvents(db, current.id)).toEqual(['accepted']);
    });
  });
});
