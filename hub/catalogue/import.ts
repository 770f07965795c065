// Turns the rows of a bureau sheet into a catalogue. Every error names the row as Excel shows it and the column
// header, and all of them are collected so the sheet can be fixed in one pass.
import {
  BUSINESS_TYPE_NAMES,
  categoryCodeSchema,
  serviceCodeSchema,
  type Catalogue,
  type Category,
  type LocalizedName,
  type ServiceItem,
  type TimeLimit,
} from '../../shared/schemas/index.ts';
import { validateCatalogue, type CatalogueProblem, type CatalogueSummary } from '../../shared/catalogue/validate.ts';
import { COLUMN_BY_KEY, SHEET_COLUMNS, headerOf, matchHeader, type ColumnKey } from './columns.ts';
import {
  codeFromName,
  parseBiometrics,
  parseBusinessType,
  parseFeeOptions,
  parseMaterials,
  parseRoute,
  parseTimeLimit,
  parseYesNo,
  parseYuanToFen,
  shortHash,
  splitKeywords,
  splitSources,
  type Parsed,
} from './values.ts';

/** One sheet row; `rowNumber` is what Excel shows in the margin (the first row of the sheet is 1). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface SheetError {
  row?: number;
  column?: ColumnKey;
  message: LocalizedName;
}

export function formatSheetError(error: SheetError): string {
  const column = error.column ? COLUMN_BY_KEY[error.column] : undefined;
  const zhWhere = [error.row !== undefined ? `第 ${error.row} 行` : '', column ? `「${column.zh}」` : ''].join('');
  const enWhere = [error.row !== undefined ? `row ${error.row}` : '', column ? `column "${column.en}"` : '']
    .filter(Boolean)
    .join(', ');
  const zh = zhWhere ? `${zhWhere}: ${error.message.zh}` : error.message.zh;
  const en = enWhere ? `${enWhere}: ${error.message.en}` : error.message.en;
  return `${zh} / ${en}`;
}

export interface ImportOptions {
  /** Categories and items the sheet adds to or replaces (`--base seed`); without it the sheet is the whole catalogue. */
  base?: Catalogue;
  version: string;
}

export type ImportResult =
  | { ok: true; catalogue: Catalogue; summary: CatalogueSummary; warnings: LocalizedName[] }
  | { ok: false; errors: SheetError[]; warnings: LocalizedName[] };

const isBlank = (row: SheetRow): boolean => row.cells.every((cell) => cell.trim() === '');

/** Bureau sheets often carry a title row above the headers, so the header is the first row naming the code column. */
export function findHeaderRow(rows: readonly SheetRow[]): SheetRow | undefined {
  return rows.find((row) => row.cells.some((cell) => matchHeader(cell) === 'code'));
}

const MATERIAL_CODE_LENGTH = 50;
const FEE_OPTION_CODE_LENGTH = 32;

/** A material of the base catalogue, found by its Chinese name. */
type KnownMaterials = ReadonlyMap<string, { code: string; en: string }>;

function knownMaterialsOf(base: Catalogue | undefined): KnownMaterials {
  const known = new Map<string, { code: string; en: string }>();
  for (const item of base?.items ?? []) {
    for (const material of item.materials) {
      if (!known.has(material.name.zh)) known.set(material.name.zh, { code: material.code, en: material.name.en });
    }
  }
  return known;
}

/**
 * Gives each name a code: the base catalogue's code for the same Chinese name when there is one (so cases that
 * recorded it keep resolving), else its pinyin; a name whose code is already taken in the list gets a hash suffix.
 */
function assignCodes(names: readonly string[], maxLength: number, known?: KnownMaterials): string[] {
  const used = new Set<string>();
  return names.map((zh) => {
    let code = known?.get(zh)?.code ?? codeFromName(zh, maxLength);
    if (used.has(code)) code = `${code}-${shortHash(zh)}`;
    used.add(code);
    return code;
  });
}

interface RowItem {
  row: number;
  item: Omit<ServiceItem, 'order'>;
}

interface CategoryDraft {
  category: Category;
  /** The first row that used the category; undefined for a category only in the base. */
  row?: number;
  /** Whether a sheet row set its name (a later row giving another name is then a conflict). */
  namedBy?: number;
}

class RowReader {
  constructor(
    private readonly row: SheetRow,
    private readonly columns: ReadonlyMap<ColumnKey, number>,
    private readonly errors: SheetError[],
  ) {}

  text(key: ColumnKey): string {
    const index = this.columns.get(key);
    return index === undefined ? '' : (this.row.cells[index] ?? '').trim();
  }

  /** Whether any cell of this row has been rejected. */
  get failed(): boolean {
    return this.errors.length > 0;
  }

  error(column: ColumnKey, zh: string, en: string): void {
    this.errors.push({ row: this.row.rowNumber, column, message: { zh, en } });
  }

  parse<T>(key: ColumnKey, parser: (cell: string) => Parsed<T>): T | undefined {
    const result = parser(this.text(key));
    if (result.ok) return result.value;
    this.errors.push({ row: this.row.rowNumber, column: key, message: result.reason });
    return undefined;
  }

  required(key: ColumnKey): string | undefined {
    const value = this.text(key);
    if (value === '') {
      const column = COLUMN_BY_KEY[key];
      this.error(key, `「${column.zh}」不能为空`, `"${column.en}" must not be empty`);
      return undefined;
    }
    return value;
  }

  code(key: 'code' | 'categoryCode'): string | undefined {
    const raw = this.required(key);
    if (raw === undefined) return undefined;
    const code = raw.normalize('NFKC').toUpperCase();
    if (!(key === 'code' ? serviceCodeSchema : categoryCodeSchema).safeParse(code).success) {
      this.error(
        key,
        `不是有效的编码 "${raw}"（大写字母、数字和连字符，如 EE-PASSPORT-RENEW）`,
        `not a valid code "${raw}" (capitals, digits and dashes, e.g. EE-PASSPORT-RENEW)`,
      );
      return undefined;
    }
    return code;
  }
}

function readItem(reader: RowReader, known: KnownMaterials): Omit<ServiceItem, 'order'> | undefined {
  const code = reader.code('code');
  const businessType = reader.parse('businessType', parseBusinessType);
  const categoryCode = reader.code('categoryCode');
  const zh = reader.required('nameZh');
  const en = reader.required('nameEn');
  // A trailing ? marks a fee copied from a "typical" fact-sheet value, as it does for time limits.
  const feeVerified = !/[?？]$/.test(reader.text('fee'));
  const fee =
    reader.required('fee') === undefined
      ? undefined
      : reader.parse('fee', (cell) => parseYuanToFen(cell.replace(/[?？]$/, '')));
  const feeOptions = reader.parse('feeOptions', parseFeeOptions);
  const materials = reader.parse('materials', parseMaterials);
  const statutory = reader.parse('statutoryLimit', parseTimeLimit);
  const promised = reader.parse('promisedLimit', parseTimeLimit);
  const route = reader.parse('route', parseRoute);
  const biometrics = reader.parse('biometrics', parseBiometrics);
  const islandAccepted = reader.parse('island', (cell) => parseYesNo(cell, true));
  const verified = reader.parse('verified', (cell) => parseYesNo(cell, false));
  const active = reader.parse('active', (cell) => parseYesNo(cell, true));

  if (materials) {
    const seen = new Set<string>();
    for (const material of materials) {
      if (seen.has(material.zh)) {
        reader.error('materials', `材料重复 "${material.zh}"`, `material listed twice "${material.zh}"`);
      }
      seen.add(material.zh);
    }
  }
  if (
    reader.failed ||
    code === undefined ||
    businessType === undefined ||
    categoryCode === undefined ||
    zh === undefined ||
    en === undefined ||
    fee === undefined ||
    feeOptions === undefined ||
    materials === undefined ||
    route === undefined ||
    biometrics === undefined ||
    islandAccepted === undefined ||
    verified === undefined ||
    active === undefined
  ) {
    return undefined;
  }

  const timeLimits: TimeLimit[] = [];
  for (const [kind, limit] of [
    ['statutory', statutory],
    ['promised', promised],
  ] as const) {
    if (limit)
      timeLimits.push({
        kind,
        value: limit.value,
        unit: limit.unit,
        verified: limit.verified,
        ...(limit.note ? { note: limit.note } : {}),
      });
  }
  const materialCodes = assignCodes(
    materials.map((m) => m.zh),
    MATERIAL_CODE_LENGTH,
    known,
  );
  const optionCodes = assignCodes(
    feeOptions.map((o) => o.zh),
    FEE_OPTION_CODE_LENGTH,
  );
  return {
    code,
    businessType,
    categoryCode,
    name: { zh, en },
    keywords: splitKeywords(reader.text('keywords')),
    materials: materials.map((m, i) => ({
      code: materialCodes[i] ?? '',
      name: { zh: m.zh, en: m.en ?? known.get(m.zh)?.en ?? m.zh },
      required: m.required,
    })),
    fee: {
      amountFen: fee,
      options: feeOptions.map((o, i) => ({
        code: optionCodes[i] ?? '',
        name: { zh: o.zh, en: o.en },
        amountFen: o.amountFen,
      })),
      verified: feeVerified,
    },
    timeLimits,
    route,
    biometrics,
    islandAccepted,
    // An item is only as verified as its least certain value, as in the seed.
    verified: verified && feeVerified && timeLimits.every((t) => t.verified),
    sources: splitSources(reader.text('sources')),
    active,
  };
}

function readCategory(
  reader: RowReader,
  row: number,
  item: Omit<ServiceItem, 'order'>,
  categories: Map<string, CategoryDraft>,
): void {
  const name = reader.text('categoryName');
  const nameEn = reader.text('categoryNameEn');
  const draft = categories.get(item.categoryCode);
  if (!draft) {
    if (name === '') {
      reader.error(
        'categoryName',
        `新类别 ${item.categoryCode} 需要类别名称`,
        `new category ${item.categoryCode} needs a category name`,
      );
      return;
    }
    const order =
      Math.max(
        -1,
        ...[...categories.values()]
          .filter((d) => d.category.businessType === item.businessType)
          .map((d) => d.category.order),
      ) + 1;
    categories.set(item.categoryCode, {
      category: {
        code: item.categoryCode,
        businessType: item.businessType,
        name: { zh: name, en: nameEn || name },
        order,
      },
      row,
      namedBy: row,
    });
    return;
  }
  const category = draft.category;
  if (category.businessType !== item.businessType) {
    const where = draft.row !== undefined ? `第 ${draft.row} 行` : '基础目录';
    const whereEn = draft.row !== undefined ? `row ${draft.row}` : 'the base catalogue';
    reader.error(
      'businessType',
      `类别 ${category.code} 属于${BUSINESS_TYPE_NAMES[category.businessType].zh}（见${where}），此行写的是${BUSINESS_TYPE_NAMES[item.businessType].zh}`,
      `category ${category.code} belongs to ${category.businessType} (see ${whereEn}), this row says ${item.businessType}`,
    );
  }
  draft.row ??= row;
  if (name === '') return;
  if (draft.namedBy === undefined) {
    // The sheet is newer than the base, so its names win.
    category.name = { zh: name, en: nameEn || (category.name.zh === name ? category.name.en : name) };
    draft.namedBy = row;
  } else if (name !== category.name.zh || (nameEn !== '' && nameEn !== category.name.en)) {
    reader.error(
      nameEn !== '' && name === category.name.zh ? 'categoryNameEn' : 'categoryName',
      `类别 ${category.code} 在第 ${draft.namedBy} 行叫「${category.name.zh}」，此行写的是「${name}」`,
      `category ${category.code} is named "${category.name.zh}" / "${category.name.en}" on row ${draft.namedBy}, this row says "${name}"${nameEn ? ` / "${nameEn}"` : ''}`,
    );
  }
}

/** Which sheet column a validation problem's field comes from. */
function columnOfField(problem: CatalogueProblem, item: Omit<ServiceItem, 'order'> | undefined): ColumnKey | undefined {
  const field = problem.field;
  if (problem.categoryCode !== undefined || problem.categoryIndex !== undefined) {
    if (field.startsWith('name.en')) return 'categoryNameEn';
    if (field.startsWith('name')) return 'categoryName';
    if (field.startsWith('businessType')) return 'businessType';
    return 'categoryCode';
  }
  const timeLimit = /^timeLimits\[(\d+)\]/.exec(field);
  if (timeLimit)
    return item?.timeLimits[Number(timeLimit[1])]?.kind === 'promised' ? 'promisedLimit' : 'statutoryLimit';
  const prefixes: Array<[string, ColumnKey]> = [
    ['code', 'code'],
    ['businessType', 'businessType'],
    ['categoryCode', 'categoryCode'],
    ['name.en', 'nameEn'],
    ['name', 'nameZh'],
    ['keywords', 'keywords'],
    ['materials', 'materials'],
    ['fee.options', 'feeOptions'],
    ['fee', 'fee'],
    ['route', 'route'],
    ['biometrics', 'biometrics'],
    ['islandAccepted', 'island'],
    ['verified', 'verified'],
    ['sources', 'sources'],
    ['active', 'active'],
  ];
  return prefixes.find(([prefix]) => field.startsWith(prefix))?.[1];
}

export function importSheet(rows: readonly SheetRow[], options: ImportOptions): ImportResult {
  const errors: SheetError[] = [];
  const warnings: LocalizedName[] = [];

  const header = findHeaderRow(rows);
  if (!header) {
    const first = SHEET_COLUMNS[0];
    return {
      ok: false,
      errors: [
        {
          row: 1,
          message: {
            zh: `找不到表头：至少需要「${first ? headerOf(first) : '事项编码 (code)'}」这一列`,
            en: `no header row found: a column "${first ? headerOf(first) : 'code'}" is needed`,
          },
        },
      ],
      warnings,
    };
  }

  const columns = new Map<ColumnKey, number>();
  header.cells.forEach((cell, index) => {
    if (cell.trim() === '') return;
    const key = matchHeader(cell);
    if (key === undefined) {
      warnings.push({
        zh: `第 ${header.rowNumber} 行：忽略不认识的列「${cell.trim()}」`,
        en: `row ${header.rowNumber}: ignoring unknown column "${cell.trim()}"`,
      });
    } else if (columns.has(key)) {
      errors.push({
        row: header.rowNumber,
        column: key,
        message: { zh: `此列出现了两次 "${cell.trim()}"`, en: `column appears twice "${cell.trim()}"` },
      });
    } else columns.set(key, index);
  });
  for (const column of SHEET_COLUMNS) {
    if (column.required && !columns.has(column.key)) {
      errors.push({
        row: header.rowNumber,
        column: column.key,
        message: { zh: `缺少必需的列「${headerOf(column)}」`, en: `required column "${headerOf(column)}" is missing` },
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors, warnings };

  const categories = new Map<string, CategoryDraft>();
  for (const category of options.base?.categories ?? [])
    categories.set(category.code, { category: { ...category, name: { ...category.name } } });

  const knownMaterials = knownMaterialsOf(options.base);
  const sheetItems: RowItem[] = [];
  const rowOfCode = new Map<string, number>();
  for (const row of rows) {
    if (row.rowNumber <= header.rowNumber || isBlank(row)) continue;
    const rowErrors: SheetError[] = [];
    const reader = new RowReader(row, columns, rowErrors);
    const item = readItem(reader, knownMaterials);
    if (item) {
      const earlier = rowOfCode.get(item.code);
      if (earlier !== undefined) {
        reader.error(
          'code',
          `事项编码与第 ${earlier} 行重复 "${item.code}"`,
          `item code repeats row ${earlier} "${item.code}"`,
        );
      } else {
        rowOfCode.set(item.code, row.rowNumber);
        readCategory(reader, row.rowNumber, item, categories);
        if (rowErrors.length === 0) sheetItems.push({ row: row.rowNumber, item });
      }
    }
    errors.push(...rowErrors);
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  if (sheetItems.length === 0) {
    return {
      ok: false,
      errors: [{ row: header.rowNumber, message: { zh: '表中没有事项', en: 'the sheet has no items' } }],
      warnings,
    };
  }

  // Base items keep their place; a sheet row with the same code replaces one, new codes follow in sheet order.
  const bySheetCode = new Map(sheetItems.map((entry) => [entry.item.code, entry.item]));
  const baseCodes = new Set((options.base?.items ?? []).map((item) => item.code));
  const items: Array<Omit<ServiceItem, 'order'>> = [
    ...(options.base?.items ?? []).map(({ order: _order, ...item }) => bySheetCode.get(item.code) ?? item),
    ...sheetItems.filter((entry) => !baseCodes.has(entry.item.code)).map((entry) => entry.item),
  ];
  const catalogue: Catalogue = {
    version: options.version,
    categories: [...categories.values()].map((draft) => draft.category),
    items: items.map((item, order) => ({ ...item, order })),
  };

  const validation = validateCatalogue(catalogue);
  if (!validation.ok) {
    const categoryRows = new Map([...categories.values()].map((draft) => [draft.category.code, draft.row]));
    return {
      ok: false,
      errors: validation.problems.map((problem) => {
        const item = problem.itemIndex !== undefined ? catalogue.items[problem.itemIndex] : undefined;
        const row =
          problem.itemCode !== undefined
            ? rowOfCode.get(problem.itemCode)
            : problem.categoryCode !== undefined
              ? categoryRows.get(problem.categoryCode)
              : undefined;
        const column = columnOfField(problem, item);
        return {
          ...(row !== undefined ? { row } : {}),
          ...(column !== undefined ? { column } : {}),
          message: problem.message,
        };
      }),
      warnings,
    };
  }
  return { ok: true, catalogue: validation.catalogue, summary: validation.summary, warnings };
}
