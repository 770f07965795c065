// Reading bureau sheets (CSV or XLSX) into rows numbered as Excel numbers them, and writing the template.
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { SHEET_COLUMNS } from './columns.ts';
import { findHeaderRow, type SheetRow } from './import.ts';
import { templateHeader, templateRows } from './template.ts';

export type SheetFormat = 'csv' | 'xlsx';

export function sheetFormatOf(path: string): SheetFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return undefined;
}

/**
 * Excel's "CSV UTF-8" writes UTF-8 with a byte-order mark, but plain "CSV" on a Chinese Windows writes GBK; bytes that
 * are not valid UTF-8 are therefore read as GB18030 (a superset of GBK) instead of turning into replacement marks.
 */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export function parseCsvRows(text: string): SheetRow[] {
  // Empty lines are kept (as one empty cell) so that the record index stays equal to Excel's row number.
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  return records.map((cells, index) => ({ rowNumber: index + 1, cells }));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? '' : cellText(value.result);
  if ('error' in value) return value.error;
  return '';
}

function worksheetRows(worksheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  const columnCount = worksheet.columnCount;
  for (let rowNumber = 1; rowNumber <= worksheet.rowCount; rowNumber++) {
    const row = worksheet.getRow(rowNumber);
    const cells: string[] = [];
    for (let column = 1; column <= columnCount; column++) cells.push(cellText(row.getCell(column).value));
    rows.push({ rowNumber, cells });
  }
  return rows;
}

/** The first worksheet that has the header row, so a workbook may keep notes on other sheets. */
export async function readXlsxRows(bytes: Uint8Array): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  // An exact ArrayBuffer copy: exceljs declares `load` for ArrayBuffer, and a Node Buffer may be a view into a pool.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  let first: SheetRow[] | undefined;
  for (const worksheet of workbook.worksheets) {
    const rows = worksheetRows(worksheet);
    first ??= rows;
    if (findHeaderRow(rows)) return rows;
  }
  return first ?? [];
}

export async function readSheetFile(path: string): Promise<SheetRow[]> {
  const bytes = await readFile(path);
  return sheetFormatOf(path) === 'xlsx' ? readXlsxRows(bytes) : parseCsvRows(decodeCsv(bytes));
}

/** Writes next to the target and renames, so an interrupted run never leaves half a file behind. */
export async function writeFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

export async function templateXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('事项 items', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(templateHeader());
  for (const row of templateRows()) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, index) => {
    const key = SHEET_COLUMNS[index]?.key;
    column.width = key === 'materials' ? 48 : key === 'nameEn' || key === 'categoryNameEn' ? 30 : 18;
    column.alignment = { wrapText: true, vertical: 'top' };
  });

  const notes = workbook.addWorksheet('说明 notes');
  notes.addRow(['列 column', '必填 required', '说明', 'notes']);
  notes.getRow(1).font = { bold: true };
  for (const column of SHEET_COLUMNS) {
    notes.addRow([`${column.zh} (${column.en})`, column.required ? '是 yes' : '否 no', column.help.zh, column.help.en]);
  }
  notes.columns.forEach((column, index) => {
    column.width = index < 2 ? 24 : 60;
    column.alignment = { wrapText: true, vertical: 'top' };
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
