import type { MangoQuery, MangoQuerySelector, RxCollection } from 'rxdb';
import { NON_TERMINAL_STATUSES } from '../../../shared/domain/case/index.ts';
import type { BusinessType, Case, CaseStatus } from '../../../shared/schemas/index.ts';

/**
 * The case list's queries. A counter may hold 50,000 cases and must show the newest page at once, so nothing here
 * reads every case: each page is fetched through an index (see README.md in this folder for the reasoning).
 *
 * - Newest first, by `acceptedAt` then `id`. IndexedDB cursors here only run forwards, and RxDB re-sorts any
 *   descending query in memory, reading the whole index range it was given. So pages are read in time windows
 *   walking back from now: each window is a bounded range of the `acceptedAt` index, sized by counting the range first
 *   (an index count reads no documents), and only the rows of the page are decrypted.
 * - A filter that an index answers narrowly (a rare status, a case-number prefix) reads that index instead.
 * - Applicant names and ID numbers are encrypted at rest, so no query can match them: they are matched in memory
 *   over decrypted window results, with a budget per page; the officer continues the search further back by hand.
 */

export interface CaseFilters {
  /** Any of these statuses; empty for every status. */
  statuses: CaseStatus[];
  /** Accepted on or after this bureau date (YYYY-MM-DD), or null. */
  from: string | null;
  /** Accepted on or before this bureau date (YYYY-MM-DD), or null. */
  to: string | null;
  /** Cases with at least one item of this business type, or null. */
  businessType: BusinessType | null;
  /** Open cases past their due date. */
  overdue: boolean;
  /** Cases a merge flagged for a supervisor (contradictory outcomes, illegal transitions). */
  needsAttention: boolean;
  /** A case number (or its beginning), or an applicant's name or ID number (or part of it). */
  search: string;
}

export const NO_FILTERS: CaseFilters = {
  statuses: [],
  from: null,
  to: null,
  businessType: null,
  overdue: false,
  needsAttention: false,
  search: '',
};

/** Where a page starts: strictly older than this case in (acceptedAt, id) descending order. */
export interface CaseCursor {
  acceptedAt: string;
  /** '' means "every case accepted before `acceptedAt`". */
  id: string;
}

export interface CasePage {
  cases: Case[];
  /** The cursor of the next page, or null when there is none. */
  next: CaseCursor | null;
  /**
   * True when an applicant search stopped at its budget before filling the page: `next` continues it further back,
   * and `searchedBackTo` says how far it has looked.
   */
  partial: boolean;
  searchedBackTo: string | null;
}

/** Statuses in which a case still runs against its due date; a result ready for pick-up is no longer late. */
export const OVERDUE_STATUSES: readonly CaseStatus[] = NON_TERMINAL_STATUSES.filter((s) => s !== 'ready-for-pickup');

export const ATTENTION_CODES = ['contradictory-outcome', 'illegal-transition'] as const;

export type CaseSearch =
  { kind: 'none' } | { kind: 'case-number'; prefix: string } | { kind: 'applicant'; text: string };

/**
 * What the search box holds. Two letters then digits read as a case number (dashes optional: `DX20261126020007` and
 * `dx-20261126` both work); anything else as an applicant's name or ID number.
 */
export function classifySearch(input: string): CaseSearch {
  const text = input.normalize('NFKC').trim();
  if (text === '') return { kind: 'none' };
  const compact = text.toUpperCase().replace(/[\s-]/g, '');
  const caseNumber = /^([A-Z]{2})(\d{0,8})(\d{0,2})(\d{0,6})$/.exec(compact);
  if (caseNumber && /^[A-Z]{2}/.test(compact) && (compact.length === 2 || /[\s-]|\d/.test(text.slice(2)))) {
    const [, site, date = '', counter = '', sequence = ''] = caseNumber;
    const parts = [site!, date, counter, sequence].filter((part) => part !== '');
    // A finished part is followed by its dash, so `DX-20261126` matches `DX-20261126-…` and not `DX-2026112`.
    const complete = [2, 8, 2].slice(0, parts.length).every((length, i) => parts[i]!.length === length);
    return { kind: 'case-number', prefix: parts.join('-') + (complete && parts.length < 4 ? '-' : '') };
  }
  return { kind: 'applicant', text };
}

/** Whether an applicant matches the search text: a part of the name, or a part of the ID number (case-insensitive). */
export function applicantMatches(applicant: Pick<Case['applicant'], 'name' | 'idNumber'>, text: string): boolean {
  const needle = text.normalize('NFKC').trim();
  if (needle === '') return true;
  return applicant.name.includes(needle) || applicant.idNumber.toUpperCase().includes(needle.toUpperCase());
}

/** The first instant of a bureau date (Asia/Shanghai, UTC+8 all year). */
export function startOfBureauDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000+08:00`)).toISOString();
}

/** The last millisecond of a bureau date. */
export function endOfBureauDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000+08:00`) + 86_400_000 - 1).toISOString();
}

export interface SelectorContext {
  /** The bureau's date today, for "overdue". */
  today: string;
  /** Codes of the catalogue's services of `filters.businessType`. */
  serviceCodes?: readonly string[];
}

/** The statuses a query must keep, or null for all: the status filter, narrowed to open ones for "overdue". */
export function effectiveStatuses(filters: CaseFilters): CaseStatus[] | null {
  let statuses: CaseStatus[] | null = filters.statuses.length > 0 ? [...new Set(filters.statuses)] : null;
  if (filters.overdue) statuses = (statuses ?? [...OVERDUE_STATUSES]).filter((s) => OVERDUE_STATUSES.includes(s));
  return statuses;
}

/**
 * The selector for every filter except the time range and the applicant search (which no query can do). Fields
 * that are not indexed here are checked by RxDB's query matcher on the documents an index range read.
 */
export function caseSelector(filters: CaseFilters, context: SelectorContext): MangoQuerySelector<Case> {
  const selector: Record<string, unknown> = {};
  const statuses = effectiveStatuses(filters);
  if (statuses) selector.status = statuses.length === 1 ? { $eq: statuses[0] } : { $in: statuses };
  if (filters.overdue) selector.dueDate = { $gt: '', $lt: context.today };
  if (filters.needsAttention) selector.attention = { $elemMatch: { code: { $in: [...ATTENTION_CODES] } } };
  if (filters.businessType)
    selector.items = { $elemMatch: { serviceCode: { $in: [...(context.serviceCodes ?? [])] } } };
  const search = classifySearch(filters.search);
  if (search.kind === 'case-number') selector.caseNumber = { $gte: search.prefix, $lt: `${search.prefix}\uffff` };
  return selector as MangoQuerySelector<Case>;
}

const NEWEST_FIRST = [{ acceptedAt: 'desc' }, { id: 'desc' }] as MangoQuery<Case>['sort'];

/** The part of a selector that keeps cases strictly older than the cursor. */
export function olderThan(cursor: CaseCursor): MangoQuerySelector<Case> {
  if (cursor.id === '') return { acceptedAt: { $lt: cursor.acceptedAt } } as MangoQuerySelector<Case>;
  return {
    $or: [
      { acceptedAt: { $lt: cursor.acceptedAt } },
      { acceptedAt: { $eq: cursor.acceptedAt }, id: { $lt: cursor.id } },
    ],
  } as MangoQuerySelector<Case>;
}

const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.keys(value).every((key) => key.startsWith('$'));

/**
 * Combines selectors. Two conditions on one field merge into one (`{ $gte, $lt }`) when their operators differ, so
 * the query planner sees a closed range it can read from an index without a matcher; otherwise the later one goes
 * under `$and` rather than replacing the first.
 */
function allOf(...selectors: MangoQuerySelector<Case>[]): MangoQuerySelector<Case> {
  const merged: Record<string, unknown> = {};
  const rest: MangoQuerySelector<Case>[] = [];
  for (const part of selectors) {
    for (const [key, value] of Object.entries(part)) {
      const existing = merged[key];
      if (!(key in merged) && key !== '$or') merged[key] = value;
      else if (
        isOperatorObject(existing) &&
        isOperatorObject(value) &&
        Object.keys(value).every((operator) => !(operator in existing))
      )
        merged[key] = { ...existing, ...value };
      else rest.push({ [key]: value } as MangoQuerySelector<Case>);
    }
  }
  return (rest.length === 0 ? merged : { ...merged, $and: rest }) as MangoQuerySelector<Case>;
}

export interface PagingOptions {
  pageSize?: number;
  /** Documents a window may hold before it is narrowed (read whole, then re-sorted in memory). */
  windowDocs?: number;
  /** A filter an index answers with at most this many documents reads that index instead of time windows. */
  indexPlanMax?: number;
  /** Documents the windows read for a status or case-number filter before asking whether its index is narrower. */
  indexSwitchAfter?: number;
  /** An applicant search decrypts at most about this many cases per page before it returns what it found. */
  searchBudget?: number;
  /** The first window's span, in milliseconds. */
  initialSpanMs?: number;
  now?: Date;
}

const DEFAULTS = {
  pageSize: 50,
  windowDocs: 600,
  indexPlanMax: 2_000,
  indexSwitchAfter: 1_500,
  searchBudget: 2_000,
  initialSpanMs: 86_400_000,
};
const MIN_SPAN_MS = 1_000;
/** How closely `locateNewest` pins down the newest case before windows are counted. */
const LOCATE_PRECISION_MS = 3_600_000;
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

type CaseCollection = RxCollection<Case>;

/** How the page will be read: an index that narrows the filter, or time windows over `acceptedAt`. */
export type CasePlan = { kind: 'index'; index: 'status' | 'caseNumber'; expected: number } | { kind: 'windows' };

/**
 * Whether an index answers the filter with few enough documents to read them all: the status index for a status
 * filter, the case-number index for a case-number search. An index count reads no documents, but IndexedDB still
 * walks every entry of the range, so this is asked only once the windows have shown the filter to be selective.
 */
export async function planCaseQuery(
  cases: CaseCollection,
  filters: CaseFilters,
  indexPlanMax = DEFAULTS.indexPlanMax,
): Promise<CasePlan> {
  const options: CasePlan[] = [];
  const statuses = effectiveStatuses(filters);
  if (statuses) {
    let expected = 0;
    for (const status of statuses)
      expected += await cases.count({ selector: { status: { $eq: status } }, index: ['status'] } as never).exec();
    options.push({ kind: 'index', index: 'status', expected });
  }
  const search = classifySearch(filters.search);
  if (search.kind === 'case-number') {
    const expected = await cases
      .count({
        selector: { caseNumber: { $gte: search.prefix, $lt: `${search.prefix}\uffff` } },
        index: ['caseNumber'],
      } as never)
      .exec();
    options.push({ kind: 'index', index: 'caseNumber', expected });
  }
  const best = options
    .filter((o): o is Extract<CasePlan, { kind: 'index' }> => o.kind === 'index' && o.expected <= indexPlanMax)
    .sort((a, b) => a.expected - b.expected)[0];
  return best ?? { kind: 'windows' };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Whether any case was accepted in [from, to): an ascending read of the index that stops at the first entry. */
async function anyAcceptedBetween(cases: CaseCollection, from: string, to: string): Promise<boolean> {
  const found = await cases
    .find({
      selector: { acceptedAt: { $gte: from, $lt: to } },
      sort: [{ acceptedAt: 'asc' }],
      index: ['acceptedAt'],
      limit: 1,
    } as MangoQuery<Case>)
    .exec();
  return found.length > 0;
}

/**
 * Where the newest case accepted before `below` is, to within an hour: returns `[from, to)` holding it, with no case
 * in `[to, below)`, or null when there is none after `lower`. Gallops back from `below` (or from now), then bisects,
 * with existence probes whose cost does not grow with the number of cases — counting a range in IndexedDB walks
 * every entry of it, and a wide window over years of cases would cost more than the page.
 */
async function locateNewest(
  cases: CaseCollection,
  below: string,
  lower: string,
  now: Date,
): Promise<{ from: string; to: string } | null> {
  const lowerMs = Date.parse(lower);
  // Clocks drift: a few cases may carry a time after now.
  const anchor = below === END_OF_TIME ? now.getTime() + 86_400_000 : Date.parse(below);
  if (below === END_OF_TIME && (await anyAcceptedBetween(cases, iso(anchor), END_OF_TIME)))
    return { from: iso(anchor), to: END_OF_TIME };
  let span = LOCATE_PRECISION_MS;
  let emptyFrom = anchor;
  let from: number;
  for (;;) {
    from = Math.max(lowerMs, anchor - span);
    if (await anyAcceptedBetween(cases, iso(from), iso(emptyFrom))) break;
    if (from <= lowerMs) return null;
    emptyFrom = from;
    span *= 4;
  }
  let to = emptyFrom;
  while (to - from > LOCATE_PRECISION_MS) {
    const middle = Math.floor((from + to) / 2);
    if (await anyAcceptedBetween(cases, iso(middle), iso(to))) from = middle;
    else to = middle;
  }
  return { from: iso(from), to: iso(to) };
}

/**
 * One page of the case list, newest first, strictly after `cursor`. Reads only index ranges near the page, never the
 * whole collection, unless a filter matches almost nothing and the windows must walk back through everything.
 */
export async function loadCasePage(
  cases: CaseCollection,
  filters: CaseFilters,
  cursor: CaseCursor | null,
  context: SelectorContext,
  options: PagingOptions = {},
): Promise<CasePage> {
  const o = { ...DEFAULTS, ...options };
  const now = o.now ?? new Date();
  const search = classifySearch(filters.search);
  const applicantText = search.kind === 'applicant' ? search.text : null;
  const base = caseSelector(filters, context);
  // `to` is inclusive: everything before the first instant of the next day.
  const upperBound = filters.to ? iso(Date.parse(endOfBureauDate(filters.to)) + 1) : END_OF_TIME;
  const lowerDate = filters.from ? startOfBureauDate(filters.from) : '';
  const start: CaseCursor = cursor && cursor.acceptedAt < upperBound ? cursor : { acceptedAt: upperBound, id: '' };
  const want = o.pageSize + 1;
  const found: Case[] = [];

  const keep = (docs: { toMutableJSON(): unknown }[]) => {
    for (const doc of docs) {
      const item = doc.toMutableJSON() as Case;
      if (applicantText === null || applicantMatches(item.applicant, applicantText)) found.push(item);
      if (found.length >= want) break;
    }
  };
  const finish = (partial: boolean, next: CaseCursor | null): CasePage => {
    const page = found.slice(0, o.pageSize);
    const last = page.at(-1);
    const more = found.length > o.pageSize && last !== undefined;
    return {
      cases: page,
      next: more ? { acceptedAt: last.acceptedAt, id: last.id } : next,
      partial: partial && !more,
      searchedBackTo: partial && !more && next ? next.acceptedAt : null,
    };
  };
  const readIndex = async (index: 'status' | 'caseNumber') => {
    found.length = 0;
    const docs = await cases
      .find({
        selector: allOf(
          base,
          lowerDate ? ({ acceptedAt: { $gte: lowerDate } } as MangoQuerySelector<Case>) : {},
          olderThan(start),
        ),
        sort: NEWEST_FIRST,
        index: [index],
        ...(applicantText === null ? { limit: want } : {}),
      } as MangoQuery<Case>)
      .exec();
    keep(docs);
    return finish(false, null);
  };

  // A case number with its whole date names a few dozen cases at most: read them from the case-number index.
  if (search.kind === 'case-number' && search.prefix.length >= 12) return readIndex('caseNumber');

  const oldest = await cases
    .find({ selector: {}, sort: [{ acceptedAt: 'asc' }], index: ['acceptedAt'], limit: 1 } as MangoQuery<Case>)
    .exec();
  if (oldest.length === 0) return finish(false, null);
  const lower = [lowerDate, oldest[0]!.acceptedAt].sort().at(-1)!;
  const mayUseIndex = effectiveStatuses(filters) !== null || search.kind === 'case-number';

  let bound = start;
  let span = o.initialSpanMs;
  let locate = true;
  let scanned = 0;
  let askedIndex = false;
  while (found.length < want && bound.acceptedAt > lower) {
    if (locate) {
      const newest = await locateNewest(cases, bound.acceptedAt, lower, now);
      if (!newest) break;
      locate = false;
      if (newest.to === END_OF_TIME) {
        // Cases stamped after now (a clock ahead): one window for them, then on from now.
        span = Date.parse(END_OF_TIME) - Date.parse(newest.from);
      } else {
        // Nothing lies between the newest case and the bound (ties with the cursor aside): start just above it.
        if (newest.to < bound.acceptedAt && bound.id === '') bound = { acceptedAt: newest.to, id: '' };
        span = o.initialSpanMs;
      }
    }
    const from = iso(Math.max(Date.parse(lower), Date.parse(bound.acceptedAt) - span));
    const inWindow = await cases
      .count({ selector: { acceptedAt: { $gte: from, $lte: bound.acceptedAt } }, index: ['acceptedAt'] } as never)
      .exec();
    if (inWindow > o.windowDocs && span > MIN_SPAN_MS) {
      span = Math.max(MIN_SPAN_MS, Math.floor(span / 4));
      continue;
    }
    if (inWindow > 0) {
      const docs = await cases
        .find({
          selector: allOf(base, { acceptedAt: { $gte: from } } as MangoQuerySelector<Case>, olderThan(bound)),
          sort: NEWEST_FIRST,
          index: ['acceptedAt'],
          ...(applicantText === null ? { limit: want - found.length } : {}),
        } as MangoQuery<Case>)
        .exec();
      keep(docs);
      scanned += inWindow;
    }
    bound = { acceptedAt: from, id: '' };
    if (inWindow === 0) locate = true;
    else if (span > 366 * 86_400_000) span = o.initialSpanMs;
    else if (inWindow < o.windowDocs / 4) span *= 2;
    if (found.length >= want || bound.acceptedAt <= lower) break;
    if (mayUseIndex && !askedIndex && scanned >= o.indexSwitchAfter) {
      // The filter keeps few of the cases read so far: its own index may hold fewer than the history left to read.
      askedIndex = true;
      const plan = await planCaseQuery(cases, filters, o.indexPlanMax);
      if (plan.kind === 'index') return readIndex(plan.index);
    }
    if (applicantText !== null && scanned >= o.searchBudget) return finish(true, bound);
  }
  return finish(false, null);
}
