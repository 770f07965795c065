// The template sheet handed to the bureau: every column, and three real items as examples. Values come from the fact
// sheet (catalogue-facts.md) with its source tags; "?" marks a value it calls typical.
import { SHEET_COLUMNS, headerOf, type ColumnKey } from './columns.ts';

export const TEMPLATE_ROWS: ReadonlyArray<Partial<Record<ColumnKey, string>>> = [
  {
    code: 'EE-PASSPORT-RENEW',
    businessType: '出入境',
    categoryCode: 'EE-PASSPORT',
    categoryName: '普通护照',
    categoryNameEn: 'Ordinary passports',
    nameZh: '普通护照换发',
    nameEn: 'Passport renewal',
    keywords: '护照换发；护照到期；换护照',
    materials: [
      '居民身份证（或临时居民身份证） | Resident ID card (or temporary ID card)',
      '出入境证件申请表 | Application form',
      '证件照片（现场采集） | Photo (taken on site)',
      '原护照 | Current passport',
      '［可选］监护人身份证明及监护关系证明（16 周岁以下） | Guardian’s ID and proof of guardianship (under 16)',
      '［可选］所在单位同意出境意见（登记备案的国家工作人员） | Employer’s consent (registered state employees)',
    ].join('\n'),
    fee: '120',
    feeOptions: '',
    statutoryLimit: '15日（异地申请 20日）',
    promisedLimit: '7工作日',
    route: '后台',
    biometrics: '照片 指纹 读证',
    island: '是',
    verified: '是',
    sources: 'S28 S29 S31',
    active: '是',
  },
  {
    code: 'HR-IDCARD-RENEW',
    businessType: '户籍',
    categoryCode: 'HR-IDCARD',
    categoryName: '居民身份证',
    categoryNameEn: 'Resident identity cards',
    nameZh: '居民身份证到期换领',
    nameEn: 'ID card renewal on expiry',
    keywords: '身份证到期；换身份证；身份证换领',
    materials: ['原居民身份证 | Current ID card', '［可选］居民户口簿 | Household register booklet'].join('\n'),
    fee: '20',
    feeOptions: '',
    statutoryLimit: '60日（偏远地区可延长 30日）',
    promisedLimit: '20工作日?',
    route: '后台',
    biometrics: '照片 指纹 读证',
    island: '是',
    verified: '否',
    sources: 'S27 S35',
    active: '是',
  },
  {
    code: 'TR-DL-RENEW',
    businessType: '交管',
    categoryCode: 'TR-DL-CHANGE',
    categoryName: '驾驶证换证补证',
    categoryNameEn: 'Driving-licence renewal and replacement',
    nameZh: '驾驶证期满换证',
    nameEn: 'Driving-licence renewal on expiry',
    keywords: '驾照到期；换驾照；驾驶证换证',
    materials: ['居民身份证 | Resident ID card', '身体条件证明 | Medical certificate'].join('\n'),
    fee: '10',
    feeOptions: '',
    statutoryLimit: '1工作日',
    promisedLimit: '',
    route: '通常即办',
    biometrics: '照片 读证',
    island: '是',
    verified: '是',
    sources: 'S46 S47',
    active: '是',
  },
];

export const templateHeader = (): string[] => SHEET_COLUMNS.map(headerOf);

export const templateRows = (): string[][] =>
  TEMPLATE_ROWS.map((row) => SHEET_COLUMNS.map((column) => row[column.key] ?? ''));

const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The template as CSV the way Excel's "CSV UTF-8" writes it: a byte-order mark (without it Excel opens the file as
 * GBK and garbles the Chinese) and CRLF line ends.
 */
export function templateCsv(): string {
  const lines = [templateHeader(), ...templateRows()].map((cells) => cells.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
