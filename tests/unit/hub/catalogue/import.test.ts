import { describe, expect, it } from 'vitest';
import { SHEET_COLUMNS, headerOf, matchHeader, type ColumnKey } from '../../../../hub/catalogue/columns.ts';
import { formatSheetError, importSheet, type ImportResult, type SheetRow } from '../../../../hub/catalogue/import.ts';
import { TEMPLATE_ROWS, templateHeader, templateRows } from '../../../../hub/catalogue/template.ts';
import { seedCatalogue } from '../../../../shared/catalogue/seed/index.ts';
import { validateCatalogue } from '../../../../shared/catalogue/validate.ts';
import type { Catalogue } from '../../../../shared/schemas/index.ts';

type Fields = Partial<Record<ColumnKey, string>>;

const baseRow: Fields = {
  code: 'EE-PASSPORT-RENEW',
  businessType: '出入境',
  categoryCode: 'EE-PASSPORT',
  categoryName: '普通护照',
  nameZh: '普通护照换发',
  nameEn: 'Passport renewal',
  materials: '居民身份证 | Resident ID card',
  fee: '120',
  statutoryLimit: '15日',
  route: '后台',
  biometrics: 'P F R',
  verified: '是',
};

/** A sheet with the full header in row 1 and one row per entry, numbered as Excel would. */
function sheet(...entries: Fields[]): SheetRow[] {
  return [
    { rowNumber: 1, cells: templateHeader() },
    ...entries.map((fields, i) => ({
      rowNumber: i + 2,
      cells: SHEET_COLUMNS.map((column) => fields[column.key] ?? ''),
    })),
  ];
}

const catalogueOf = (result: ImportResult): Catalogue => {
  if (!result.ok) throw new Error(result.errors.map(formatSheetError).join('\n'));
  return result.catalogue;
};

const errorsOf = (result: ImportResult): string[] => {
  if (result.ok) throw new Error('expected the sheet to be rejected');
  return result.errors.map(formatSheetError);
};

const options = { version: 'test' };

describe('matchHeader', () => {
  it('accepts the template header, either half of it, and full-width brackets', () => {
    for (const column of SHEET_COLUMNS) {
      expect(matchHeader(headerOf(column))).toBe(column.key);
      expect(matchHeader(column.zh)).toBe(column.key);
      expect(matchHeader(column.en.toUpperCase())).toBe(column.key);
    }
    expect(matchHeader('收费（元）（fee yuan）')).toBe('fee');
    expect(matchHeader('关键词 (keywords, separated by ；)')).toBe('keywords');
    expect(matchHeader('备注')).toBeUndefined();
  });
});

describe('importSheet', () => {
  it('builds a catalogue that the validator accepts', () => {
    const catalogue = catalogueOf(
      importSheet(
        sheet(baseRow, {
          ...baseRow,
          code: 'hr-idcard-renew',
          businessType: 'household',
          categoryCode: 'HR-IDCARD',
          categoryName: '居民身份证',
          categoryNameEn: 'Resident identity cards',
          nameZh: '居民身份证到期换领',
          nameEn: 'ID card renewal',
          fee: '20',
          feeOptions: '丢失补领 40',
          promisedLimit: '20工作日?',
          route: '通常即办',
          island: '否',
        }),
        { version: 'bureau-2025' },
      ),
    );
    expect(validateCatalogue(catalogue).ok).toBe(true);
    expect(catalogue.version).toBe('bureau-2025');
    expect(catalogue.categories).toEqual([
      { code: 'EE-PASSPORT', businessType: 'exit-entry', name: { zh: '普通护照', en: '普通护照' }, order: 0 },
      {
        code: 'HR-IDCARD',
        businessType: 'household',
        name: { zh: '居民身份证', en: 'Resident identity cards' },
        order: 0,
      },
    ]);
    const idCard = catalogue.items[1];
    expect(idCard).toMatchObject({
      code: 'HR-IDCARD-RENEW',
      order: 1,
      fee: { amountFen: 2000, options: [{ code: 'diu-shi-bu-ling', amountFen: 4000 }], verified: true },
      timeLimits: [
        { kind: 'statutory', value: 15, unit: '日', verified: true },
        { kind: 'promised', value: 20, unit: '工作日', verified: false },
      ],
      route: 'usually-on-the-spot',
      islandAccepted: false,
      verified: false,
      active: true,
      materials: [
        { code: 'ju-min-shen-fen-zheng', name: { zh: '居民身份证', en: 'Resident ID card' }, required: true },
      ],
    });
  });

  it('names the row as Excel shows it and the column header in every error, and collects them all', () => {
    const errors = errorsOf(
      importSheet(
        sheet(
          baseRow,
          { ...baseRow, code: 'EE-A', fee: '十元', statutoryLimit: '2周' },
          {},
          { ...baseRow, code: 'EE-B', route: '网办', biometrics: '虹膜', nameEn: '' },
        ),
        options,
      ),
    );
    expect(errors).toEqual([
      '第 3 行「收费(元)」: 不是金额 "十元" / row 3, column "fee": not an amount "十元"',
      '第 3 行「法定时限」: 不是时限 "2周"（应写成「15日」或「20工作日」） / row 3, column "statutory limit": not a time limit "2周" (write 15日 or 20工作日)',
      '第 5 行「英文名称」: 「英文名称」不能为空 / row 5, column "name en": "name en" must not be empty',
      '第 5 行「办理方式」: 不是办理方式 "网办"（即办 / 通常即办 / 后台） / row 5, column "route": not a route "网办" (即办 on the spot / 通常即办 usually / 后台 back office)',
      '第 5 行「采集」: 不认识的采集项 "虹膜"（照片 / 指纹 / 读证） / row 5, column "biometrics": unknown biometric "虹膜" (照片 P / 指纹 F / 读证 R)',
    ]);
  });

  it('reports a repeated item code against the earlier row', () => {
    const errors = errorsOf(importSheet(sheet(baseRow, { ...baseRow, nameZh: '另一个' }), options));
    expect(errors).toEqual([
      '第 3 行「事项编码」: 事项编码与第 2 行重复 "EE-PASSPORT-RENEW" / row 3, column "code": item code repeats row 2 "EE-PASSPORT-RENEW"',
    ]);
  });

  it('requires a name for a new category and one business type and name per category', () => {
    const errors = errorsOf(
      importSheet(
        sheet(
          { ...baseRow, categoryCode: 'EE-NEW', categoryName: '' },
          { ...baseRow, code: 'EE-B' },
          { ...baseRow, code: 'EE-C', categoryName: '护照' },
          { ...baseRow, code: 'EE-D', businessType: '户籍' },
        ),
        options,
      ),
    );
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^第 2 行「类别名称」: 新类别 EE-NEW 需要类别名称/);
    expect(errors[1]).toMatch(/^第 4 行「类别名称」: 类别 EE-PASSPORT 在第 3 行叫「普通护照」，此行写的是「护照」/);
    expect(errors[2]).toMatch(
      /^第 5 行「业务类型」: .*row 5, column "business type": category EE-PASSPORT belongs to exit-entry/,
    );
  });

  it('reports missing required columns against the header row', () => {
    const rows = sheet(baseRow).map((row) => ({ ...row, cells: row.cells.slice(0, 5) }));
    const errors = errorsOf(importSheet(rows, options));
    expect(errors).toContain(
      '第 1 行「收费(元)」: 缺少必需的列「收费(元) (fee)」 / row 1, column "fee": required column "收费(元) (fee)" is missing',
    );
    expect(errors).toHaveLength(4); // name zh, name en, fee, route
  });

  it('finds the header below a title row and warns about unknown columns', () => {
    const rows = sheet(baseRow).map((row) => ({
      rowNumber: row.rowNumber + 1,
      cells: [...row.cells, row.rowNumber === 1 ? '备注' : 'x'],
    }));
    const result = importSheet([{ rowNumber: 1, cells: ['平潭公安通办事项清单（2025）'] }, ...rows], options);
    expect(catalogueOf(result).items).toHaveLength(1);
    expect(result.warnings).toEqual([
      { zh: '第 2 行：忽略不认识的列「备注」', en: 'row 2: ignoring unknown column "备注"' },
    ]);
  });

  it('rejects a sheet without a header or without items', () => {
    expect(errorsOf(importSheet([{ rowNumber: 1, cells: ['a', 'b'] }], options))[0]).toContain('no header row found');
    expect(errorsOf(importSheet(sheet(), options))).toEqual(['第 1 行: 表中没有事项 / row 1: the sheet has no items']);
  });

  it('maps validator problems back to the row and column', () => {
    const errors = errorsOf(importSheet(sheet({ ...baseRow, keywords: `护照；${'长'.repeat(61)}` }), options));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^第 2 行「关键词」: 事项 EE-PASSPORT-RENEW 的 keywords\[1\]：长度不能超过 60/);
  });

  it('imports more rows than the 274 items of the bureau list', () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({
      ...baseRow,
      code: `EE-ITEM-${i + 1}`,
      nameZh: `事项 ${i + 1}`,
    }));
    const catalogue = catalogueOf(importSheet(sheet(...entries), options));
    expect(catalogue.items).toHaveLength(300);
    expect(catalogue.items.at(-1)).toMatchObject({ code: 'EE-ITEM-300', order: 299 });
  });

  it('with a base, replaces items of the same code, keeps the others, and reuses material codes by name', () => {
    const base = seedCatalogue;
    const replaced = base.items.find((item) => item.materials.length > 0);
    if (!replaced) throw new Error('the seed has no item with materials');
    const category = base.categories.find((c) => c.code === replaced.categoryCode);
    const material = replaced.materials[0];
    if (!category || !material) throw new Error('seed item without category or material');
    const catalogue = catalogueOf(
      importSheet(
        sheet(
          {
            ...baseRow,
            code: replaced.code,
            businessType: category.businessType,
            categoryCode: category.code,
            categoryName: '',
            materials: material.name.zh,
          },
          { ...baseRow, code: 'EE-BRAND-NEW' },
        ),
        { base, version: 'merged' },
      ),
    );
    expect(catalogue.items).toHaveLength(base.items.length + 1);
    expect(catalogue.items.map((item) => item.code)).toEqual([...base.items.map((item) => item.code), 'EE-BRAND-NEW']);
    const imported = catalogue.items.find((item) => item.code === replaced.code);
    expect(imported?.name.en).toBe('Passport renewal');
    expect(imported?.materials).toEqual([{ code: material.code, name: material.name, required: true }]);
    expect(catalogue.categories).toHaveLength(base.categories.length);
    expect(catalogue.categories.find((c) => c.code === 'EE-PASSPORT')?.name.zh).toBe('普通护照');
  });

  it('imports the template rows cleanly', () => {
    const rows = [templateHeader(), ...templateRows()].map((cells, i) => ({ rowNumber: i + 1, cells }));
    const catalogue = catalogueOf(importSheet(rows, options));
    expect(catalogue.items.map((item) => item.code)).toEqual(TEMPLATE_ROWS.map((row) => row.code));
  });
});
