// The layout of the bureau's catalogue sheet: one row per service item. Headers are Chinese with the English key in
// brackets ("收费(元) (fee)"); either half alone is accepted too, and the column order is free.

export type ColumnKey =
  | 'code'
  | 'businessType'
  | 'categoryCode'
  | 'categoryName'
  | 'categoryNameEn'
  | 'nameZh'
  | 'nameEn'
  | 'keywords'
  | 'materials'
  | 'fee'
  | 'feeOptions'
  | 'statutoryLimit'
  | 'promisedLimit'
  | 'route'
  | 'biometrics'
  | 'island'
  | 'verified'
  | 'sources'
  | 'active';

export interface SheetColumn {
  key: ColumnKey;
  zh: string;
  /** The bracketed key in the header and the name used in English error messages. */
  en: string;
  /** A sheet without this column is rejected; optional columns may be left out entirely. */
  required: boolean;
  /** Other headers bureaus are known to use for the same column. */
  aliases?: string[];
  help: { zh: string; en: string };
}

export const SHEET_COLUMNS: readonly SheetColumn[] = [
  {
    key: 'code',
    zh: '事项编码',
    en: 'code',
    required: true,
    help: {
      zh: '大写字母、数字和连字符，如 EE-PASSPORT-RENEW；全表唯一',
      en: 'capitals, digits, dashes, e.g. EE-PASSPORT-RENEW; unique',
    },
  },
  {
    key: 'businessType',
    zh: '业务类型',
    en: 'business type',
    required: true,
    help: {
      zh: '出入境 / 户籍 / 治安 / 交管（或 exit-entry / household / public-order / traffic）',
      en: '出入境 / 户籍 / 治安 / 交管 or exit-entry / household / public-order / traffic',
    },
  },
  {
    key: 'categoryCode',
    zh: '类别编码',
    en: 'category code',
    required: true,
    help: {
      zh: '如 EE-PASSPORT；同一类别的各行须属于同一业务类型',
      en: 'e.g. EE-PASSPORT; all its rows share one business type',
    },
  },
  {
    key: 'categoryName',
    zh: '类别名称',
    en: 'category name',
    required: false,
    help: {
      zh: '新类别必填（写在该类别的任意一行即可）；使用 --base 时已有类别可留空',
      en: 'required for a new category (on any of its rows); may be empty for a category of the --base catalogue',
    },
  },
  {
    key: 'categoryNameEn',
    zh: '类别英文名称',
    en: 'category name en',
    required: false,
    help: { zh: '可选；留空时用中文名称', en: 'optional; the Chinese name is used when empty' },
  },
  {
    key: 'nameZh',
    zh: '事项名称',
    en: 'name zh',
    required: true,
    help: { zh: '必填', en: 'required' },
  },
  {
    key: 'nameEn',
    zh: '英文名称',
    en: 'name en',
    required: true,
    help: { zh: '必填', en: 'required' },
  },
  {
    key: 'keywords',
    zh: '关键词',
    en: 'keywords',
    required: false,
    help: { zh: '简称、旧称，用 ；或 ; 或换行分隔', en: 'short and old names, separated by ；, ; or line breaks' },
  },
  {
    key: 'materials',
    zh: '申请材料',
    en: 'materials',
    required: false,
    help: {
      zh: '每行一项或用 ；分隔；可选材料前加［可选］；可写「中文 | English」',
      en: 'one per line or separated by ；; prefix optional ones with ［可选］ or (optional); "中文 | English" adds the English name',
    },
  },
  {
    key: 'fee',
    zh: '收费(元)',
    en: 'fee',
    required: true,
    aliases: ['收费', '收费标准', '收费（元）', 'fee yuan'],
    help: {
      zh: '元，最多两位小数，如 120 或 12.50；免费写 0',
      en: 'yuan, at most 2 decimals, e.g. 120 or 12.50; 0 when free',
    },
  },
  {
    key: 'feeOptions',
    zh: '收费选项',
    en: 'fee options',
    required: false,
    help: {
      zh: '可选价格，用 ；分隔，每项「名称 金额」，如「一次有效 15；二次有效 30」；可写「名称 | English 金额」',
      en: 'alternative prices separated by ；, each "name amount", e.g. 一次有效 15；二次有效 30; "name | English amount" adds the English name',
    },
  },
  {
    key: 'statutoryLimit',
    zh: '法定时限',
    en: 'statutory limit',
    required: false,
    help: {
      zh: '如「15日」或「20工作日」，可加（说明）；当场办结写「当日」；末尾加 ? 表示待核实；留空表示无',
      en: 'e.g. 15日 or 20工作日, optionally followed by (a note); 当日 for the same day; a trailing ? marks it unverified; empty for none',
    },
  },
  {
    key: 'promisedLimit',
    zh: '承诺时限',
    en: 'promised limit',
    required: false,
    help: { zh: '写法同法定时限', en: 'as the statutory limit' },
  },
  {
    key: 'route',
    zh: '办理方式',
    en: 'route',
    required: true,
    help: {
      zh: '即办 / 当场（当场办结）；通常即办（不保证当场）；后台（需后台审批或制证）',
      en: '即办 or 当场 (on the spot); 通常即办 (usually on the spot); 后台 (back office)',
    },
  },
  {
    key: 'biometrics',
    zh: '采集',
    en: 'biometrics',
    required: false,
    help: {
      zh: '照片 指纹 读证（或 P F R），空格分隔；留空或「无」表示不采集',
      en: '照片 指纹 读证 or P F R; empty or 无 for none',
    },
  },
  {
    key: 'island',
    zh: '海岛受理',
    en: 'island',
    required: false,
    help: { zh: '是 / 否；留空为是', en: '是 / 否 (yes / no); empty means yes' },
  },
  {
    key: 'verified',
    zh: '已核实',
    en: 'verified',
    required: false,
    help: { zh: '是 / 否；留空为否', en: '是 / 否 (yes / no); empty means no' },
  },
  {
    key: 'sources',
    zh: '来源',
    en: 'sources',
    required: false,
    help: {
      zh: '来源标记，如 S28 S29，用空格、逗号或 ；分隔',
      en: 'source tags such as S28 S29, separated by spaces, commas or ；',
    },
  },
  {
    key: 'active',
    zh: '启用',
    en: 'active',
    required: false,
    help: {
      zh: '是 / 否；留空为是；停办的事项写否（保留以便旧案件显示名称）',
      en: '是 / 否; empty means yes; 否 keeps a retired item for old cases',
    },
  },
];

export const COLUMN_BY_KEY = Object.fromEntries(SHEET_COLUMNS.map((column) => [column.key, column])) as Record<
  ColumnKey,
  SheetColumn
>;

/** The header the template writes: Chinese first, English key in brackets. */
export const headerOf = (column: SheetColumn): string => `${column.zh} (${column.en})`;

const normalize = (text: string): string =>
  text
    .normalize('NFKC') // full-width brackets and letters become ASCII
    .replace(/\s+/g, '')
    .toLowerCase();

const lookup = new Map<string, ColumnKey>();
for (const column of SHEET_COLUMNS) {
  for (const name of [column.zh, column.en, headerOf(column), ...(column.aliases ?? [])])
    lookup.set(normalize(name), column.key);
}

/** Which column a header cell names, or undefined for a column this importer does not know. */
export function matchHeader(header: string): ColumnKey | undefined {
  const text = normalize(header);
  if (text === '') return undefined;
  const exact = lookup.get(text);
  if (exact !== undefined) return exact;
  // "收费(元) (fee yuan)": the part before the last bracket, or the bracketed part, names the column.
  const bracketed = /^(.*)\(([^()]*)\)$/.exec(text);
  if (bracketed) return lookup.get(bracketed[1] ?? '') ?? lookup.get(bracketed[2] ?? '');
  return undefined;
}
