// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { validateIdDocument } from '../../../../../shared/domain/identity/index.ts';
import { gb11643CheckCharacter } from '../../../../../shared/domain/identity/index.ts';
import { bureauToday } from '../../../../../shared/domain/identity/index.ts';
import type { Case, IdDocumentType, Officer } from '../../../../../shared/schemas/index.ts';
import type { TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { CaseOverrideNotes } from '../../../../../renderer/features/intake/CaseOverrideNotes.tsx';
import { useAppStore } from '../../../../../renderer/store/index.ts';
import { SUPERVISOR_PIN, counterDatabase, renderIntake, resetIntakeEnvironment } from './harness.tsx';

const WAIT = { timeout: 10_000 };
const valid18 = (first17: string) => first17 + gb11643CheckCharacter(first17);

async function addService(user: ReturnType<typeof userEvent.setup>, query: string, code: string) {
  const search = await screen.findByRole('combobox', { name: '搜索事项' }, WAIT);
  await waitFor(() => expect((search as HTMLInputElement).disabled).toBe(false), WAIT);
  await user.clear(search);
  await user.type(search, query);
  await screen.findByRole('listbox');
  for (let step = 0; step < 8; step++) {
    if (within(screen.getByRole('listbox')).getByRole('option', { selected: true }).getAttribute('data-code') === code)
      break;
    await user.keyboard('{ArrowDown}');
  }
  await user.keyboard('{Enter}');
  return screen.findByTestId(`item-${code}`, undefined, WAIT);
}

describe('the intake form', () => {
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

  describe('the ID number field', () => {
    const cases: Array<{ code: string; type: IdDocumentType; input: string; shows: string }> = [
      { code: 'id-empty', type: 'resident-id', input: '', shows: '请输入居民身份证号码' },
      { code: 'id-length', type: 'resident-id', input: '35012819880516234', shows: '应为 18 位，实际 17 位' },
      { code: 'id-format', type: 'resident-id', input: '35012819880516A348', shows: '第 15 位' },
      { code: 'id-prefix', type: 'hmt-residence-permit', input: '350128198805162347', shows: '应以 810000' },
      {
        code: 'id-birth-date-invalid',
        type: 'resident-id',
        input: '350128198802302341',
        shows: '出生日期 1988-02-30 不存在',
      },
      { code: 'id-birth-date-future', type: 'resident-id', input: valid18('35012820990101234'), shows: '晚于今天' },
      { code: 'id-check-digit', type: 'resident-id', input: '350128198805162347', shows: '校验位应为 8，实际为 7' },
      { code: 'id-legacy-15', type: 'resident-id', input: '350128880516234', shows: '15 位旧身份证号码' },
      {
        code: 'id-other-document',
        type: 'resident-id',
        input: valid18('81000019900101123'),
        shows: '港澳台居民居住证号码',
      },
      { code: 'document-empty', type: 'passport', input: '', shows: '请输入护照号码' },
      { code: 'document-length', type: 'passport', input: 'E1234567', shows: '实际 8 位' },
      { code: 'document-format', type: 'passport', input: 'X12345678', shows: '护照号码' },
    ];

    it.each(cases)('shows the $code problem next to the field, Chinese first and English second', async (example) => {
      const user = userEvent.setup();
      await renderIntake(db);
      const expected = validateIdDocument(example.type, example.input, { today: bureauToday() });
      expect(expected.ok ? null : expected.code).toBe(example.code);

      await user.selectOptions(await screen.findByLabelText('证件类型'), example.type);
      const field = screen.getByLabelText('证件号码');
      await user.click(field);
      if (example.input) await user.type(field, example.input);
      await user.click(screen.getByLabelText('姓名'));

      const error = await screen.findByTestId('intake-idNumber-error', undefined, WAIT);
      expect(error.textContent).toContain(example.shows);
      if (!expected.ok) {
        expect(error.textContent).toBe(`${expected.message.zh} ${expected.message.en}`);
        expect(error.querySelector('[lang="zh-CN"]')?.textContent).toBe(expected.message.zh);
        expect(error.querySelector('[lang="en"]')?.textContent).toBe(expected.message.en);
      }
      expect(field.getAttribute('aria-invalid')).toBe('true');
    });

    it('shows a wrong check digit while typing, but not "too short" until the field is left', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      const field = await screen.findByLabelText('证件号码');
      await user.type(field, '3501281988');
      expect(screen.queryByTestId('intake-idNumber-error')).toBeNull();
      await user.type(field, '05162347');
      expect((await screen.findByTestId('intake-idNumber-error')).textContent).toContain('校验位应为 8');
    });

    it('offers the 18-digit number for a legacy one and the right type for another document', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      const field = await screen.findByLabelText('证件号码');
      await user.type(field, '350128880516234');
      await user.click(await screen.findByRole('button', { name: /改用 18 位号码/ }));
      expect((field as HTMLInputElement).value).toBe('350128198805162348');
      expect(screen.queryByTestId('intake-idNumber-error')).toBeNull();

      await user.clear(field);
      await user.type(field, valid18('81000019900101123'));
      await user.click(await screen.findByRole('button', { name: /改为「港澳台居民居住证」/ }));
      expect((screen.getByLabelText('证件类型') as HTMLSelectElement).value).toBe('hmt-residence-permit');
      expect(screen.queryByTestId('intake-idNumber-error')).toBeNull();
    });

    it('takes a scanned number (full-width, ending in Enter) and moves on to the name without saving', async () => {
      const user = userEvent.setup({ delay: null });
      await renderIntake(db);
      const field = await screen.findByLabelText('证件号码');
      await user.click(field);
      await user.keyboard('３５０１２８１９８８０５１６２３４８{Enter}');
      expect(screen.queryByTestId('intake-idNumber-error')).toBeNull();
      expect(document.activeElement).toBe(screen.getByLabelText('姓名'));
      expect(screen.getByTestId('id-details').textContent).toContain('1988-05-16');
      expect(screen.queryByTestId('error-summary')).toBeNull();
      expect(await db.cases.count().exec()).toBe(0);
    });

    it('fills the applicant from the ID-card reader', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await user.click(await screen.findByTestId('read-card'));
      await waitFor(() => expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe('林晓梅'));
      expect((screen.getByLabelText('证件号码') as HTMLInputElement).value).toBe('350128198805162348');
      expect((screen.getByLabelText('地址') as HTMLInputElement).value).toContain('东庠乡');
    });
  });

  describe('fees', () => {
    it('adds the items’ fees in fen and follows the fee option picked', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await addService(user, '护照换发', 'EE-PASSPORT-RENEW');
      await addService(user, 'EE-HKMO-ENDORSE-T-FIRST', 'EE-HKMO-ENDORSE-T-FIRST');
      const total = screen.getByTestId('fee-total');
      expect(total.getAttribute('data-fen')).toBe('13500');
      expect(total.textContent).toContain('¥135.00');

      await user.selectOptions(screen.getByTestId('fee-option-EE-HKMO-ENDORSE-T-FIRST'), 'double');
      expect(total.getAttribute('data-fen')).toBe('15000');
      await user.selectOptions(screen.getByTestId('fee-option-EE-HKMO-ENDORSE-T-FIRST'), 'multi-1y');
      expect(total.textContent).toContain('¥200.00');

      await user.click(within(screen.getByTestId('item-EE-PASSPORT-RENEW')).getByRole('button', { name: '移除' }));
      expect(total.getAttribute('data-fen')).toBe('8000');
    });

    it('records the payment with the case when the fee is collected at intake', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await user.type(await screen.findByLabelText('证件号码'), '350128198805162348');
      await user.type(screen.getByLabelText('姓名'), '林晓梅');
      await addService(user, '护照换发', 'EE-PASSPORT-RENEW');
      await user.click(screen.getByTestId('fee-collected'));
      await user.selectOptions(screen.getByTestId('fee-method'), 'mobile');
      await user.click(screen.getByTestId('save-intake'));
      await screen.findByTestId('receipt', undefined, WAIT);
      const [saved] = (await db.cases.find().exec()).map((doc) => doc.toJSON());
      expect(saved).toMatchObject({ totalFeeFen: 12000, paidFen: 12000 });
      expect(saved!.events.at(-1)).toMatchObject({ type: 'payment-recorded', amountFen: 12000, method: 'mobile' });
    });
  });

  describe('authorisation', () => {
    async function fillApplicantAndAddDrivingLicence(user: ReturnType<typeof userEvent.setup>) {
      await user.type(await screen.findByLabelText('证件号码'), '350128198805162348');
      await user.type(screen.getByLabelText('姓名'), '林晓梅');
      await addService(user, '驾驶证期满换证', 'TR-DL-RENEW');
    }

    it('refuses an item of a business type the officer is not authorised for, and will not save it', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await fillApplicantAndAddDrivingLicence(user);
      expect((await screen.findByTestId('refused-TR-DL-RENEW')).textContent).toContain('您没有「交管」业务授权');
      await user.click(screen.getByTestId('save-intake'));
      expect((await screen.findByTestId('error-summary')).textContent).toContain('交管');
      expect(await db.cases.count().exec()).toBe(0);
    });

    it('keeps refusing after a wrong supervisor PIN and says how many tries are left', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await fillApplicantAndAddDrivingLicence(user);
      await user.click(await screen.findByTestId('override-TR-DL-RENEW'));
      const dialog = await screen.findByTestId('supervisor-override');
      expect(within(dialog).queryByTestId('supervisor-lin-hai')).toBeNull();
      await user.type(within(dialog).getByLabelText('PIN 码'), '000000');
      await user.click(within(dialog).getByRole('button', { name: '授权' }));
      expect((await within(dialog).findByTestId('override-pin-error', undefined, WAIT)).textContent).toContain(
        'PIN 码错误，还可再试 4 次',
      );
      await user.click(within(dialog).getByRole('button', { name: '取消' }));
      expect(screen.getByTestId('refused-TR-DL-RENEW')).toBeTruthy();
      expect(screen.queryByTestId('granted-TR-DL-RENEW')).toBeNull();
    });

    it('accepts the item with the supervisor’s PIN and records the override in the saved case, shown on the receipt', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await fillApplicantAndAddDrivingLicence(user);
      await user.click(await screen.findByTestId('override-TR-DL-RENEW'));
      const dialog = await screen.findByTestId('supervisor-override');
      await user.type(within(dialog).getByLabelText('PIN 码'), SUPERVISOR_PIN);
      await user.click(within(dialog).getByRole('button', { name: '授权' }));
      expect((await screen.findByTestId('granted-TR-DL-RENEW', undefined, WAIT)).textContent).toContain('陈岚');

      await user.click(screen.getByTestId('save-intake'));
      const overrides = await screen.findByTestId('receipt-overrides', undefined, WAIT);
      expect(overrides.textContent).toContain('「交管」事项经值班领导 陈岚 授权受理');
      const [saved] = (await db.cases.find().exec()).map((doc) => doc.toJSON() as Case);
      // The override is in the case's own log, saved with the acceptance, so it replicates with the case.
      expect(saved!.events.map((event) => event.type)).toEqual(['accepted', 'authorisation-overridden']);
      const [override] = saved!.events.filter((event) => event.type === 'authorisation-overridden');
      expect(override).toEqual({
        id: expect.any(String),
        type: 'authorisation-overridden',
        at: saved!.acceptedAt,
        officerId: 'lin-hai',
        siteCode: 'DX',
        supervisorId: 'chen-lan',
        businessType: 'traffic',
        serviceCodes: ['TR-DL-RENEW'],
        authorisedAt: expect.any(String),
      });
      expect(Date.parse((override as { authorisedAt: string }).authorisedAt)).toBeLessThanOrEqual(
        Date.parse(saved!.acceptedAt),
      );
      expect(JSON.stringify(override)).not.toContain('林晓梅');
      // Nothing goes to the machine's localStorage any more.
      expect(localStorage.getItem('tongban.overrideAudit')).toBeNull();
      // Wherever the case is shown, the override is shown with it, from the case itself.
      const known = new Map((await db.officers.find().exec()).map((doc) => [doc.id, doc.toJSON() as Officer]));
      render(<CaseOverrideNotes current={saved!} officers={known} />);
      expect(screen.getByTestId('case-override-notes').textContent).toContain('值班领导 陈岚 (chen-lan)');
    });

    it('saves nothing, and says why, when the supervisor lost the authorisation before the save', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await fillApplicantAndAddDrivingLicence(user);
      await user.click(await screen.findByTestId('override-TR-DL-RENEW'));
      const dialog = await screen.findByTestId('supervisor-override');
      await user.type(within(dialog).getByLabelText('PIN 码'), SUPERVISOR_PIN);
      await user.click(within(dialog).getByRole('button', { name: '授权' }));
      await screen.findByTestId('granted-TR-DL-RENEW', undefined, WAIT);
      // The hub takes traffic away from the supervisor, and the change reaches this counter before the save.
      await db.officers.findOne('chen-lan').incrementalPatch({ authorisedBusinessTypes: ['exit-entry', 'household'] });

      await user.click(screen.getByTestId('save-intake'));
      const problem = await screen.findByTestId('save-problem', undefined, WAIT);
      expect(problem.textContent).toContain('值班领导 chen-lan 本人没有「交管」业务授权，不能授权受理');
      expect(problem.textContent).toContain('Supervisor chen-lan holds no authorisation');
      expect(await db.cases.count().exec()).toBe(0);
    });
  });

  describe('saving', () => {
    async function fillValidForm(user: ReturnType<typeof userEvent.setup>) {
      await user.type(await screen.findByLabelText('证件号码'), '３５０１２８１９８８０５１６２３４８');
      await user.type(screen.getByLabelText('姓名'), ' 林晓梅 ');
      await user.type(screen.getByLabelText('手机号码'), '+86 139-5012-3456');
      await addService(user, '护照换发', 'EE-PASSPORT-RENEW');
    }

    it('lists every problem with where it is, and saves nothing', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await user.type(await screen.findByLabelText('手机号码'), '12345');
      await user.click(await screen.findByTestId('save-intake'));
      const summary = await screen.findByTestId('error-summary');
      expect(summary.textContent).toContain('请更正以下 4 处');
      for (const text of [
        '请输入居民身份证号码',
        '请输入申请人姓名',
        '手机号码应为 11 位，实际 5 位',
        '请至少添加一个办理事项',
      ])
        expect(summary.textContent).toContain(text);
      await user.click(within(summary).getByText('请输入申请人姓名'));
      expect(document.activeElement).toBe(screen.getByLabelText('姓名'));
      expect(await db.cases.count().exec()).toBe(0);
    });

    it('saves a case with normalised numbers and numbers cases per counter and day', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await fillValidForm(user);
      const boxes = within(screen.getByTestId('item-EE-PASSPORT-RENEW')).getAllByRole('checkbox');
      await user.click(boxes[0]!);
      await user.click(screen.getByTestId('save-intake'));
      const first = (await screen.findByTestId('receipt-case-number', undefined, WAIT)).textContent;
      const today = bureauToday().replaceAll('-', '');
      expect(first).toBe(`DX-${today}-01-0001`);
      const saved = (await db.cases.findOne({ selector: { caseNumber: first! } }).exec())!.toJSON();
      expect(saved.applicant).toEqual({
        idType: 'resident-id',
        idNumber: '350128198805162348',
        name: '林晓梅',
        mobile: '13950123456',
        address: '',
      });
      expect(saved.items[0]).toMatchObject({ serviceCode: 'EE-PASSPORT-RENEW', feeFen: 12000, route: 'back-office' });
      expect(saved.items[0]!.materials[0]).toEqual({ code: 'id-card', received: true });
      expect(saved.items[0]!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(screen.getByTestId('missing-EE-PASSPORT-RENEW').textContent).toContain('原普通护照');

      await user.click(screen.getByTestId('next-intake'));
      await fillValidForm(user);
      await user.click(screen.getByTestId('save-intake'));
      await waitFor(
        () => expect(screen.getByTestId('receipt-case-number').textContent).toBe(`DX-${today}-01-0002`),
        WAIT,
      );
    });

    it('says so when storage is full, and keeps everything typed', async () => {
      const user = userEvent.setup();
      await renderIntake(db);
      await fillValidForm(user);
      const insert = db.cases.insert.bind(db.cases);
      db.cases.insert = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
      await user.click(screen.getByTestId('save-intake'));
      const problem = await screen.findByTestId('save-problem', undefined, WAIT);
      expect(problem.textContent).toContain('本机存储空间已满，案件未保存');
      expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe(' 林晓梅 ');
      expect(screen.getByTestId('item-EE-PASSPORT-RENEW')).toBeTruthy();

      db.cases.insert = insert;
      await user.click(screen.getByTestId('save-intake'));
      await screen.findByTestId('receipt', undefined, WAIT);
    });

    it('keeps what was typed across a reload, and forgets it once the case is saved', async () => {
      const user = userEvent.setup();
      const first = await renderIntake(db);
      await fillValidForm(user);
      await user.click(within(screen.getByTestId('item-EE-PASSPORT-RENEW')).getAllByRole('checkbox')[1]!);
      // Let the encrypted draft reach storage, then drop the page as a reload would.
      await waitFor(() =>
        expect(Object.keys(localStorage).some((k) => k.startsWith('tongban.intakeDraft.'))).toBe(true),
      );
      await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
      expect(JSON.stringify({ ...localStorage })).not.toContain('林晓梅');
      first.unmount();

      await renderIntake(db);
      expect(await screen.findByTestId('draft-restored', undefined, WAIT)).toBeTruthy();
      expect((screen.getByLabelText('姓名') as HTMLInputElement).value).toBe(' 林晓梅 ');
      const boxes = within(await screen.findByTestId('item-EE-PASSPORT-RENEW')).getAllByRole('checkbox');
      expect((boxes[1] as HTMLInputElement).checked).toBe(true);

      await user.click(screen.getByTestId('save-intake'));
      await screen.findByTestId('receipt', undefined, WAIT);
      cleanup();
      await renderIntake(db);
      expect(useAppStore.getState().navigation.params.receipt).toBeUndefined();
      expect(((await screen.findByLabelText('姓名')) as HTMLInputElement).value).toBe('');
      expect(screen.queryByTestId('draft-restored')).toBeNull();
    });

    it('warns when a due date falls in a year whose holiday arrangements are only provisional', async () => {
      const user = userEvent.setup();
      // Accepted on 28 December 2026: seven working days run into 2027, whose 调休 notice is not out (statutory only).
      await renderIntake(db, 'lin-hai', { now: () => new Date('2026-12-28T02:00:00.000Z') });
      const item = await addService(user, '护照换发', 'EE-PASSPORT-RENEW');
      expect(within(item).getByTestId('due-EE-PASSPORT-RENEW').getAttribute('data-due')).toBe('2027-01-07');
      expect(within(item).getByTestId('calendar-warning-EE-PASSPORT-RENEW').textContent).toBe(
        '2027 年调休安排尚未公布（只含法定节假日），到期日可能变动',
      );
    });
  });
});
