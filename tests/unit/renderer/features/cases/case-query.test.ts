import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createDatabase, type TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import {
  NO_FILTERS,
  OVERDUE_STATUSES,
  applicantMatches,
  caseSelector,
  classifySearch,
  endOfBureauDate,
  loadCasePage,
  planCaseQuery,
  startOfBureauDate,
  type CaseCursor,
  type CaseFilters,
  type PagingOptions,
} from '../../../../../renderer/features/cases/case-query.ts';
import {
  approveCase,
  cancelCase,
  completeCase,
  forwardToBackOffice,
  markReadyForPickup,
  mergeCases,
  rejectCase,
} from '../../../../../shared/domain/case/index.ts';
import type { Case } from '../../../../../shared/schemas/index.ts';
import { makeCase } from '../../../../helpers/cases.ts';

describe('the case search box', () => {
  it('reads two letters and digits as the beginning of a case number, dashes optional', () => {
    expect(classifySearch('DX-20261126-02-0007')).toEqual({ kind: 'case-number', prefix: 'DX-20261126-02-0007' });
    expect(classifySearch('dx20261126020007')).toEqual({ kind: 'case-number', prefix: 'DX-20261126-02-0007' });
    expect(classifySearch('DX-20261126')).toEqual({ kind: 'case-number', prefix: 'DX-20261126-' });
    expect(classifySearch('dx-2026')).toEqual({ kind: 'case-number', prefix: 'DX-2026' });
    expect(classifySearch('DX')).toEqual({ kind: 'case-number', prefix: 'DX-' });
  });

  it('reads names and ID numbers as an applicant search', () => {
    expect(classifySearch(' 林海 ')).toEqual({ kind: 'applicant', text: '林海' });
    expect(classifySearch('35012819900101123X')).toEqual({ kind: 'applicant', text: '35012819900101123X' });
    expect(classifySearch('Dxx')).toEqual({ kind: 'applicant', text: 'Dxx' });
    expect(classifySearch('   ')).toEqual({ kind: 'none' });
  });

  it('matches part of a name, or part of an ID number in any case', () => {
    const applicant = { name: '林海澄', idNumber: '35012819900101123X' };
    expect(applicantMatches(applicant, '海澄')).toBe(true);
    expect(applicantMatches(applicant, '123x')).toBe(true);
    expect(applicantMatches(applicant, '陈')).toBe(false);
  });
});

describe('case list selectors', () => {
  it('turns bureau dates into instants at UTC+8', () => {
    expect(startOfBureauDate('2026-11-26')).toBe('2026-11-25T16:00:00.000Z');
    expect(endOfBureauDate('2026-11-26')).toBe('2026-11-26T15:59:59.999Z');
  });

  it('keeps only open statuses for overdue cases, and ones past their due date', () => {
    const selector = caseSelector({ ...NO_FILTERS, overdue: true }, { today: '2026-12-01' }) as Record<string, unknown>;
    expect(selector.status).toEqual({ $in: OVERDUE_STATUSES });
    expect(selector.dueDate).toEqual({ $gt: '', $lt: '2026-12-01' });
    const completedAndOverdue = caseSelector(
      { ...NO_FILTERS, overdue: true, statuses: ['completed'] },
      { today: '2026-12-01' },
    ) as Record<string, unknown>;
    expect(completedAndOverdue.status).toEqual({ $in: [] });
  });

  it('filters a business type by its services, and a case-number search by an index range', () => {
    const selector = caseSelector(
      { ...NO_FILTERS, businessType: 'household', search: 'DX-2026' },
      { today: '2026-12-01', serviceCodes: ['HR-IDCARD-RENEW'] },
    ) as Record<string, unknown>;
    expect(selector.items).toEqual({ $elemMatch: { serviceCode: { $in: ['HR-IDCARD-RENEW'] } } });
    expect(selector.caseNumber).toEqual({ $gte: 'DX-2026', $lt: 'DX-2026\uffff' });
  });
});

const TODAY = '2026-12-20';
const actor = { officerId: 'chen-lan', siteCode: 'DX', role: 'supervisor' as const };
const later = (c: Case, minutes: number) => ({ now: () => new Date(Date.parse(c.acceptedAt) + minutes * 60_000) });

/**
 * 300 cases over 30 days at 东庠, a few minutes apart, with a mix of statuses, services and due dates, and a few
 * contradictions from merged replicas. Deterministic, so that a failure reproduces.
 */
function corpus(): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < 300; i++) {
    const day = 1 + Math.floor(i / 10);
    const date = `2026-${day <= 30 ? '10' : '11'}-${String(day <= 30 ? day : day - 30).padStart(2, '0')}`;
    const at = new Date(Date.parse(`${date}T01:00:00.000Z`) + (i % 10) * 17 * 60_000).toISOString();
    let c = makeCase({
      siteCode: 'DX',
      counter: 1 + (i % 3),
      sequence: i + 1,
      date,
      at,
      serviceCode: i % 4 === 0 ? 'HR-IDCARD-RENEW' : 'EE-PASSPORT-RENEW',
    });
    c = { ...c, items: c.items.map((item) => ({ ...item, dueDate: i % 2 === 0 ? '2026-12-10' : '2027-01-10' })) };
    c = { ...c, dueDate: c.items[0]!.dueDate! };
    if (i % 7 === 0) c = cancelCase(c, actor, 'withdrawn', later(c, 5));
    else if (i % 5 === 0) {
      c = forwardToBackOffice(c, actor, { toSiteCode: 'HT', note: '' }, later(c, 5));
      if (i % 50 === 0) {
        const approved = approveCase(c, actor, 'ok', later(c, 10));
        const rejected = rejectCase(c, actor, 'no', later(c, 11));
        c = mergeCases(approved, rejected);
      }
    } else if (i % 11 === 0) {
      c = forwardToBackOffice(c, actor, { toSiteCode: 'HT', note: '' }, later(c, 5));
      c = approveCase(c, actor, 'ok', later(c, 6));
      c = markReadyForPickup(c, actor, 'DX', later(c, 7));
      c = completeCase(c, actor, later(c, 8));
    }
    cases.push(c);
  }
  // A case from long before the rest (a gap of months), one stamped after "now" by a clock running ahead, and five
  // accepted in the same millisecond.
  cases.push(makeCase({ siteCode: 'DX', counter: 5, sequence: 1, date: '2025-06-01', at: '2025-06-01T02:00:00.000Z' }));
  cases.push(makeCase({ siteCode: 'DX', counter: 5, sequence: 2, date: '2026-12-25', at: '2026-12-25T02:00:00.000Z' }));
  for (let i = 0; i < 5; i++)
    cases.push(
      makeCase({ siteCode: 'DX', counter: 6, sequence: i + 1, date: '2026-10-15', at: '2026-10-15T05:00:00.000Z' }),
    );
  return cases;
}

/** What the list must show: the filter applied to every case, newest first. */
function expected(all: Case[], keep: (c: Case) => boolean): string[] {
  return all
    .filter(keep)
    .sort((a, b) => (a.acceptedAt !== b.acceptedAt ? (a.acceptedAt < b.acceptedAt ? 1 : -1) : a.id < b.id ? 1 : -1))
    .map((c) => c.id);
}

describe('case list pages over the local database', () => {
  let db: TongbanDatabase;
  let all: Case[];
  const small: PagingOptions = {
    indexSwitchAfter: 40,
    pageSize: 25,
    windowDocs: 40,
    indexPlanMax: 60,
    searchBudget: 100,
    initialSpanMs: 86_400_000,
    now: new Date('2026-12-20T08:00:00.000Z'),
  };

  beforeAll(async () => {
    db = await createDatabase({
      storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
      name: 'case-pages',
      encryptionKey: 'counter-key-from-the-os-keychain',
      collections: ['cases'],
    });
    all = corpus();
    await db.cases.bulkInsert(all);
  }, 60_000);
  afterAll(async () => {
    await db.remove();
  });

  async function everyPage(
    filters: CaseFilters,
    options: PagingOptions = small,
  ): Promise<{ ids: string[]; pages: number; partials: number }> {
    const ids: string[] = [];
    let cursor: CaseCursor | null = null;
    let pages = 0;
    let partials = 0;
    do {
      const page = await loadCasePage(
        db.cases,
        filters,
        cursor,
        { today: TODAY, serviceCodes: ['HR-IDCARD-RENEW'] },
        options,
      );
      ids.push(...page.cases.map((c) => c.id));
      if (page.partial) partials++;
      cursor = page.next;
      pages++;
    } while (cursor && pages < 100);
    return { ids, pages, partials };
  }

  it('shows the newest cases first, a page at a time, with no case missed or repeated', async () => {
    const first = await loadCasePage(db.cases, NO_FILTERS, null, { today: TODAY }, small);
    expect(first.cases).toHaveLength(25);
    expect(first.cases.map((c) => c.id)).toEqual(expected(all, () => true).slice(0, 25));
    const { ids } = await everyPage(NO_FILTERS);
    expect(ids).toEqual(expected(all, () => true));
  });

  it('filters by a common status through time windows, and by a rare one through the status index', async () => {
    expect(await planCaseQuery(db.cases, { ...NO_FILTERS, statuses: ['accepted'] }, 60)).toEqual({ kind: 'windows' });
    expect((await everyPage({ ...NO_FILTERS, statuses: ['accepted'] })).ids).toEqual(
      expected(all, (c) => c.status === 'accepted'),
    );
    const rare: CaseFilters = { ...NO_FILTERS, statuses: ['completed'] };
    expect(await planCaseQuery(db.cases, rare, 60)).toMatchObject({ kind: 'index', index: 'status' });
    expect((await everyPage(rare)).ids).toEqual(expected(all, (c) => c.status === 'completed'));
  });

  it('filters by the acceptance date range, both days included', async () => {
    const filters = { ...NO_FILTERS, from: '2026-10-05', to: '2026-10-09' };
    const { ids } = await everyPage(filters);
    expect(ids).toEqual(
      expected(all, (c) => c.acceptedAt >= '2026-10-04T16:00:00.000Z' && c.acceptedAt < '2026-10-09T16:00:00.000Z'),
    );
    expect(ids).toHaveLength(50);
  });

  it('pages through cases accepted in the same millisecond without losing or repeating one', async () => {
    const filters = { ...NO_FILTERS, from: '2026-10-15', to: '2026-10-15' };
    const { ids } = await everyPage(filters, { ...small, pageSize: 3 });
    expect(ids).toEqual(
      expected(all, (c) => c.acceptedAt >= '2026-10-14T16:00:00.000Z' && c.acceptedAt < '2026-10-15T16:00:00.000Z'),
    );
    expect(ids).toHaveLength(15);
  });

  it('shows a case stamped after now first, and reaches a case months older than the rest', async () => {
    const { ids } = await everyPage(NO_FILTERS);
    expect(ids[0]).toBe(all.find((c) => c.acceptedAt.startsWith('2026-12-25'))!.id);
    expect(ids.at(-1)).toBe(all.find((c) => c.acceptedAt.startsWith('2025-06-01'))!.id);
  });

  it('filters by business type, overdue and needs attention together with a status', async () => {
    const household = await everyPage({ ...NO_FILTERS, businessType: 'household' });
    expect(household.ids).toEqual(expected(all, (c) => c.items.some((i) => i.serviceCode === 'HR-IDCARD-RENEW')));
    const overdue = await everyPage({ ...NO_FILTERS, overdue: true });
    expect(overdue.ids).toEqual(
      expected(all, (c) => OVERDUE_STATUSES.includes(c.status) && c.dueDate !== '' && c.dueDate < TODAY),
    );
    expect(overdue.ids.length).toBeGreaterThan(0);
    const attention = await everyPage({ ...NO_FILTERS, needsAttention: true });
    expect(attention.ids).toEqual(expected(all, (c) => c.attention.length > 0));
    expect(attention.ids.length).toBeGreaterThan(0);
  });

  it('finds cases by the beginning of their case number through the case-number index', async () => {
    const target = all[123]!;
    const filters = { ...NO_FILTERS, search: target.caseNumber.toLowerCase().replaceAll('-', '') };
    expect(await planCaseQuery(db.cases, filters, 60)).toMatchObject({ kind: 'index', index: 'caseNumber' });
    expect((await everyPage(filters)).ids).toEqual([target.id]);
    const day = target.caseNumber.slice(0, 11);
    expect((await everyPage({ ...NO_FILTERS, search: day })).ids).toEqual(
      expected(all, (c) => c.caseNumber.startsWith(`${day}-`)),
    );
  });

  it('finds an applicant by name or ID number in memory, going back as far as its budget allows per page', async () => {
    const target = all[30]!;
    const byName = await everyPage({ ...NO_FILTERS, search: target.applicant.name });
    expect(byName.ids).toEqual(expected(all, (c) => c.applicant.name.includes(target.applicant.name)));
    // The target is old: pages stop at the budget and say how far back they looked, and carry on from there.
    expect(byName.partials).toBeGreaterThan(0);
    const byId = await everyPage({ ...NO_FILTERS, search: target.applicant.idNumber.slice(-8) });
    expect(byId.ids).toContain(target.id);
  });

  it('reports a partial page with how far back the search has looked', async () => {
    const page = await loadCasePage(db.cases, { ...NO_FILTERS, search: '没有这个人' }, null, { today: TODAY }, small);
    expect(page.cases).toHaveLength(0);
    expect(page.partial).toBe(true);
    expect(page.searchedBackTo).not.toBeNull();
    expect(page.next).toEqual({ acceptedAt: page.searchedBackTo, id: '' });
  });

  it('returns an empty last page when nothing matches', async () => {
    const page = await loadCasePage(db.cases, { ...NO_FILTERS, from: '2027-01-01' }, null, { today: TODAY }, small);
    expect(page).toEqual({ cases: [], next: null, partial: false, searchedBackTo: null });
  });

  it('reads the first page with the default sizes without decrypting more than the page', async () => {
    const page = await loadCasePage(db.cases, NO_FILTERS, null, { today: TODAY }, { now: small.now! });
    expect(page.cases).toHaveLength(50);
    expect(page.cases[0]!.applicant.name).toBe(all.find((c) => c.id === page.cases[0]!.id)!.applicant.name);
  });
});
