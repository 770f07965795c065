// Checks a catalogue as the bureau hands it over (parsed JSON, or what the sheet import built) and reports every
// problem at once, each naming the item or category and the field, so one round of fixes is enough.
import type { z } from 'zod';
import {
  BUSINESS_TYPES,
  BUSINESS_TYPE_NAMES,
  TIME_LIMIT_KINDS,
  TIME_LIMIT_UNITS,
  catalogueSchema,
  type BusinessType,
  type Catalogue,
  type LocalizedName,
} from '../schemas/index.ts';

export type CatalogueProblemCode =
  | 'duplicate-item-code'
  | 'duplicate-category-code'
  | 'duplicate-material-code'
  | 'unknown-category'
  | 'business-type-mismatch'
  | 'negative-fee'
  | 'missing-name'
  | 'bad-time-limit-unit'
  | 'bad-time-limit-kind'
  | `schema:${string}`;

export interface CatalogueProblem {
  itemCode?: string;
  categoryCode?: string;
  /** Position in `items` / `categories`; lets a reader find an entry whose code itself is missing or broken. */
  itemIndex?: number;
  categoryIndex?: number;
  /** Path inside the item or category ('fee.amountFen', 'timeLimits[1].unit'), or inside the catalogue for top-level fields. */
  field: string;
  code: CatalogueProblemCode;
  message: LocalizedName;
}

export interface CatalogueSummary {
  items: number;
  categories: number;
  /** Distinct business types used by the categories and items. */
  businessTypes: number;
}

export type CatalogueValidation =
  { ok: true; catalogue: Catalogue; summary: CatalogueSummary } | { ok: false; problems: CatalogueProblem[] };

type PathSegment = PropertyKey;

/** `['timeLimits', 1, 'unit']` → `timeLimits[1].unit`. */
export function formatFieldPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const codeOf = (entry: unknown): string | undefined =>
  isRecord(entry) && typeof entry.code === 'string' && entry.code !== '' ? entry.code : undefined;

const isBusinessType = (value: unknown): value is BusinessType =>
  typeof value === 'string' && (BUSINESS_TYPES as readonly string[]).includes(value);

const show = (value: unknown): string => {
  if (value === undefined) return '(none)';
  try {
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}…` : json;
  } catch {
    return String(value);
  }
};

interface Subject {
  kind: 'item' | 'category' | 'catalogue';
  code?: string;
  index?: number;
}

/** "事项 EE-PASSPORT-RENEW" / "item EE-PASSPORT-RENEW"; falls back to the position when the code is unusable. */
function subjectName(subject: Subject): LocalizedName {
  if (subject.kind === 'catalogue') return { zh: '目录', en: 'catalogue' };
  const label = subject.code ?? `#${(subject.index ?? 0) + 1}`;
  return subject.kind === 'item'
    ? { zh: `事项 ${label}`, en: `item ${label}` }
    : { zh: `类别 ${label}`, en: `category ${label}` };
}

class ProblemList {
  readonly problems: CatalogueProblem[] = [];
  /** Fields a specific check already explained, so the generic schema issue for the same spot is not repeated. */
  private readonly explained = new Set<string>();

  add(subject: Subject, field: string, code: CatalogueProblemCode, detail: LocalizedName, explains = true): void {
    const who = subjectName(subject);
    this.problems.push({
      ...(subject.kind === 'item' && subject.code !== undefined ? { itemCode: subject.code } : {}),
      ...(subject.kind === 'category' && subject.code !== undefined ? { categoryCode: subject.code } : {}),
      ...(subject.kind === 'item' && subject.index !== undefined ? { itemIndex: subject.index } : {}),
      ...(subject.kind === 'category' && subject.index !== undefined ? { categoryIndex: subject.index } : {}),
      field,
      code,
      message: { zh: `${who.zh} 的 ${field}：${detail.zh}`, en: `${who.en}, ${field}: ${detail.en}` },
    });
    if (explains) this.explained.add(explainedKey(subject, field));
  }

  isExplained(subject: Subject, field: string): boolean {
    return this.explained.has(explainedKey(subject, field));
  }
}

const explainedKey = (subject: Subject, field: string): string => `${subject.kind}#${subject.index ?? -1}#${field}`;

function checkName(list: ProblemList, subject: Subject, field: string, name: unknown): void {
  if (name === undefined || name === null) {
    list.add(subject, field, 'missing-name', { zh: '缺少名称', en: 'name is missing' });
    return;
  }
  if (!isRecord(name)) return; // the schema issue says what shape a name has
  for (const lang of ['zh', 'en'] as const) {
    const value = name[lang];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
      const langName = lang === 'zh' ? { zh: '中文名称', en: 'Chinese name' } : { zh: '英文名称', en: 'English name' };
      list.add(subject, `${field}.${lang}`, 'missing-name', {
        zh: `缺少${langName.zh}`,
        en: `${langName.en} is missing or empty`,
      });
    }
  }
}

function checkCategories(list: ProblemList, categories: unknown[]): Map<string, unknown> {
  const byCode = new Map<string, unknown>();
  const firstIndex = new Map<string, number>();
  categories.forEach((category, index) => {
    const code = codeOf(category);
    const subject: Subject = { kind: 'category', index, ...(code !== undefined ? { code } : {}) };
    if (code !== undefined) {
      const earlier = firstIndex.get(code);
      if (earlier !== undefined) {
        list.add(subject, 'code', 'duplicate-category-code', {
          zh: `类别编码重复（第 ${earlier + 1} 个类别已使用 ${code}）`,
          en: `duplicate category code (category #${earlier + 1} already uses ${code})`,
        });
      } else {
        firstIndex.set(code, index);
        byCode.set(code, isRecord(category) ? category.businessType : undefined);
      }
    }
    if (isRecord(category)) checkName(list, subject, 'name', category.name);
  });
  return byCode;
}

function checkFees(list: ProblemList, subject: Subject, fee: unknown): void {
  if (!isRecord(fee)) return;
  const negative = (field: string, amount: unknown): void => {
    if (typeof amount === 'number' && amount < 0) {
      list.add(subject, field, 'negative-fee', {
        zh: `收费不能为负数（${amount} 分）`,
        en: `fee must not be negative (${amount} fen)`,
      });
    }
  };
  negative('fee.amountFen', fee.amountFen);
  asArray(fee.options).forEach((option, i) => {
    if (!isRecord(option)) return;
    negative(`fee.options[${i}].amountFen`, option.amountFen);
    checkName(list, subject, `fee.options[${i}].name`, option.name);
  });
}

function checkTimeLimits(list: ProblemList, subject: Subject, timeLimits: unknown): void {
  asArray(timeLimits).forEach((limit, i) => {
    if (!isRecord(limit)) return;
    if (!(TIME_LIMIT_UNITS as readonly unknown[]).includes(limit.unit)) {
      list.add(subject, `timeLimits[${i}].unit`, 'bad-time-limit-unit', {
        zh: `时限单位只能是「日」或「工作日」，而不是 ${show(limit.unit)}`,
        en: `time-limit unit must be 日 (calendar days) or 工作日 (working days), not ${show(limit.unit)}`,
      });
    }
    if (!(TIME_LIMIT_KINDS as readonly unknown[]).includes(limit.kind)) {
      list.add(subject, `timeLimits[${i}].kind`, 'bad-time-limit-kind', {
        zh: `时限种类只能是 statutory（法定）或 promised（承诺），而不是 ${show(limit.kind)}`,
        en: `time-limit kind must be statutory or promised, not ${show(limit.kind)}`,
      });
    }
  });
}

function checkMaterials(list: ProblemList, subject: Subject, materials: unknown): void {
  const seen = new Map<string, number>();
  asArray(materials).forEach((material, i) => {
    if (!isRecord(material)) return;
    checkName(list, subject, `materials[${i}].name`, material.name);
    const code = codeOf(material);
    if (code === undefined) return;
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      list.add(subject, `materials[${i}].code`, 'duplicate-material-code', {
        zh: `材料编码 ${code} 与 materials[${earlier}] 重复`,
        en: `material code ${code} repeats materials[${earlier}]`,
      });
    } else seen.set(code, i);
  });
}

function checkItems(list: ProblemList, items: unknown[], categoryTypes: Map<string, unknown>): void {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const code = codeOf(item);
    const subject: Subject = { kind: 'item', index, ...(code !== undefined ? { code } : {}) };
    if (code !== undefined) {
      const earlier = firstIndex.get(code);
      if (earlier !== undefined) {
        list.add(subject, 'code', 'duplicate-item-code', {
          zh: `事项编码重复（第 ${earlier + 1} 个事项已使用 ${code}）`,
          en: `duplicate item code (item #${earlier + 1} already uses ${code})`,
        });
      } else firstIndex.set(code, index);
    }
    if (!isRecord(item)) return;

    const categoryCode = item.categoryCode;
    if (typeof categoryCode === 'string' && categoryCode !== '') {
      if (!categoryTypes.has(categoryCode)) {
        list.add(subject, 'categoryCode', 'unknown-category', {
          zh: `类别 ${categoryCode} 不在目录的类别中`,
          en: `category ${categoryCode} is not one of the catalogue's categories`,
        });
      } else {
        const categoryType = categoryTypes.get(categoryCode);
        if (isBusinessType(item.businessType) && isBusinessType(categoryType) && item.businessType !== categoryType) {
          list.add(subject, 'businessType', 'business-type-mismatch', {
            zh: `业务类型为${BUSINESS_TYPE_NAMES[item.businessType].zh}，但类别 ${categoryCode} 属于${BUSINESS_TYPE_NAMES[categoryType].zh}`,
            en: `business type is ${item.businessType} but category ${categoryCode} belongs to ${categoryType}`,
          });
        }
      }
    }
    checkName(list, subject, 'name', item.name);
    checkFees(list, subject, item.fee);
    checkTimeLimits(list, subject, item.timeLimits);
    checkMaterials(list, subject, item.materials);
  });
}

type SchemaIssue = z.ZodError['issues'][number];

/** Zod's English is kept; the Chinese is ours because the counter staff who fix the sheet read Chinese first. */
function describeIssue(issue: SchemaIssue): LocalizedName {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { zh: `缺少此字段（应为 ${issue.expected}）`, en: `missing (expected ${issue.expected})` }
        : {
            zh: `类型不对：应为 ${issue.expected}，实际为 ${show(issue.input)}`,
            en: `expected ${issue.expected}, got ${show(issue.input)}`,
          };
    case 'invalid_value':
      return issue.input === undefined
        ? {
            zh: `缺少此字段（可取 ${issue.values.map(String).join('、')}）`,
            en: `missing (one of: ${issue.values.map(String).join(', ')})`,
          }
        : {
            zh: `取值 ${show(issue.input)} 不在允许的取值中：${issue.values.map(String).join('、')}`,
            en: `${show(issue.input)} is not one of: ${issue.values.map(String).join(', ')}`,
          };
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? { zh: `长度至少为 ${issue.minimum}`, en: issue.message }
        : {
            zh: `不能小于 ${issue.minimum}（实际为 ${show(issue.input)}）`,
            en: `${issue.message} (got ${show(issue.input)})`,
          };
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? { zh: `长度不能超过 ${issue.maximum}`, en: issue.message }
        : {
            zh: `不能大于 ${issue.maximum}（实际为 ${show(issue.input)}）`,
            en: `${issue.message} (got ${show(issue.input)})`,
          };
    case 'invalid_format':
      return {
        zh: `格式不对：${show(issue.input)}${issue.pattern ? `（应符合 ${issue.pattern}）` : ''}`,
        en: `${issue.message}: ${show(issue.input)}`,
      };
    case 'not_multiple_of':
      return { zh: `必须是 ${issue.divisor} 的整数倍（实际为 ${show(issue.input)}）`, en: issue.message };
    case 'unrecognized_keys':
      return { zh: `不认识的字段：${issue.keys.join('、')}`, en: `unknown field(s): ${issue.keys.join(', ')}` };
    default:
      return { zh: `不符合目录格式（${issue.message}）`, en: issue.message };
  }
}

function addSchemaIssues(
  list: ProblemList,
  issues: readonly SchemaIssue[],
  items: unknown[],
  categories: unknown[],
): void {
  for (const issue of issues) {
    const [section, index, ...rest] = issue.path;
    let subject: Subject;
    let fieldPath: PathSegment[];
    if ((section === 'items' || section === 'categories') && typeof index === 'number') {
      const entry = (section === 'items' ? items : categories)[index];
      const code = codeOf(entry);
      subject = { kind: section === 'items' ? 'item' : 'category', index, ...(code !== undefined ? { code } : {}) };
      fieldPath = rest;
    } else {
      subject = { kind: 'catalogue' };
      fieldPath = issue.path;
    }
    // Strict objects report extra keys on the parent; naming the key itself points at the line to delete.
    const fields =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => formatFieldPath([...fieldPath, key]))
        : [formatFieldPath(fieldPath) || '(whole entry)'];
    for (const field of fields) {
      if (list.isExplained(subject, field)) continue;
      list.add(subject, field, `schema:${issue.code}`, describeIssue(issue), false);
    }
  }
}

const sectionRank = (p: CatalogueProblem): number =>
  p.itemIndex !== undefined ? 2 : p.categoryIndex !== undefined ? 1 : 0;

export function summarizeCatalogue(catalogue: Catalogue): CatalogueSummary {
  const businessTypes = new Set<BusinessType>();
  for (const category of catalogue.categories) businessTypes.add(category.businessType);
  for (const item of catalogue.items) businessTypes.add(item.businessType);
  return { items: catalogue.items.length, categories: catalogue.categories.length, businessTypes: businessTypes.size };
}

/** Validates a whole catalogue; collects every problem rather than stopping at the first. */
export function validateCatalogue(input: unknown): CatalogueValidation {
  const list = new ProblemList();
  const record = isRecord(input) ? input : {};
  const categories = asArray(record.categories);
  const items = asArray(record.items);

  const categoryTypes = checkCategories(list, categories);
  checkItems(list, items, categoryTypes);

  const parsed = catalogueSchema.safeParse(input);
  if (!parsed.success) addSchemaIssues(list, parsed.error.issues, items, categories);

  if (list.problems.length > 0 || !parsed.success) {
    // Stable sort: catalogue-level first, then categories, then items, each in file order.
    const problems = list.problems
      .map((problem, seq) => ({ problem, seq }))
      .sort(
        (a, b) =>
          sectionRank(a.problem) - sectionRank(b.problem) ||
          (a.problem.categoryIndex ?? a.problem.itemIndex ?? 0) -
            (b.problem.categoryIndex ?? b.problem.itemIndex ?? 0) ||
          a.seq - b.seq,
      )
      .map(({ problem }) => problem);
    return { ok: false, problems };
  }
  return { ok: true, catalogue: parsed.data, summary: summarizeCatalogue(parsed.data) };
}
