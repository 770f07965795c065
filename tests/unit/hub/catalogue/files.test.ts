import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { decodeCsv, parseCsvRows, readXlsxRows, sheetFormatOf } from '../../../../hub/catalogue/files.ts';

describe('decodeCsv', () => {
  it('reads UTF-8 with and without the byte-order mark Excel writes', () => {
    const text = '事项编码,收费';
    expect(decodeCsv(new TextEncoder().encode(text))).toBe(text);
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toBe(text);
  });

  it('falls back to GBK for a CSV saved by Excel on Chinese Windows', () => {
    // 收费 in GBK.
    expect(decodeCsv(new Uint8Array([0xca, 0xd5, 0xb7, 0xd1]))).toBe('收费');
  });
});

describe('parseCsvRows', () => {
  it('numbers records as Excel numbers rows, counting blank rows and not counting line breaks inside cells', () => {
    const rows = parseCsvRows('\uFEFFcode,materials\r\nEE-A,"身份证\n照片"\r\n\r\nEE-B,户口簿\r\n');
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['code', 'materials'] },
      { rowNumber: 2, cells: ['EE-A', '身份证\n照片'] },
      { rowNumber: 3, cells: [''] },
      { rowNumber: 4, cells: ['EE-B', '户口簿'] },
    ]);
  });
});

describe('readXlsxRows', () => {
  it('reads the first worksheet that has the header, turning every cell kind into text', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('notes').addRow(['nothing here']);
    const sheet = workbook.addWorksheet('items');
    sheet.addRow(['事项编码 (code)', '收费(元) (fee)', '事项名称 (name zh)', '已核实 (verified)']);
    sheet.addRow(['EE-A', 12.5, { richText: [{ text: '护照' }, { text: '换发' }] }, true]);
    sheet.addRow(['EE-B', { formula: '10*2', result: 20 }, { text: '链接', hyperlink: 'https://example.org' }, null]);
    const rows = await readXlsxRows(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['事项编码 (code)', '收费(元) (fee)', '事项名称 (name zh)', '已核实 (verified)'] },
      { rowNumber: 2, cells: ['EE-A', '12.5', '护照换发', 'true'] },
      { rowNumber: 3, cells: ['EE-B', '20', '链接', ''] },
    ]);
  });
});

describe('sheetFormatOf', () => {
  it('knows CSV and XLSX by extension and nothing else', () => {
    expect([sheetFormatOf('a.CSV'), sheetFormatOf('b.xlsx'), sheetFormatOf('c.xls'), sheetFormatOf('d')]).toEqual([
      'csv',
      'xlsx',
      undefined,
      undefined,
    ]);
  });
});
