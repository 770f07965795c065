// Runs `hub/catalogue/cli.ts` as a child process, as `npm run catalogue` does, against files in a temporary folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { seedCatalogue } from '../../../../shared/catalogue/seed/index.ts';
import type { Catalogue, ServiceItem } from '../../../../shared/schemas/index.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cliPath = join(repoRoot, 'hub/catalogue/cli.ts');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsxLoader, cliPath, ...args],
      { cwd, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

const SUMMARY_LINE = /^(\d+) items, (\d+) categories, (\d+) business types$/;

const item = (overrides: Partial<ServiceItem>): ServiceItem => ({
  code: 'EE-PASSPORT-RENEW',
  businessType: 'exit-entry',
  categoryCode: 'EE-PASSPORT',
  name: { zh: '普通护照换发', en: 'Passport renewal' },
  keywords: [],
  materials: [{ code: 'id-card', name: { zh: '居民身份证', en: 'Resident ID card' }, required: true }],
  fee: { amountFen: 12_000, options: [], verified: true },
  timeLimits: [{ kind: 'statutory', value: 15, unit: '日', verified: true }],
  route: 'back-office',
  biometrics: { photo: true, fingerprint: true, idCardRead: true },
  islandAccepted: true,
  verified: true,
  sources: [],
  active: true,
  order: 0,
  ...overrides,
});

const goodCatalogue: Catalogue = {
  version: 'test',
  categories: [
    { code: 'EE-PASSPORT', businessType: 'exit-entry', name: { zh: '普通护照', en: 'Ordinary passports' }, order: 0 },
    { code: 'TR-DL-CHANGE', businessType: 'traffic', name: { zh: '驾驶证换证补证', en: 'Licence renewal' }, order: 0 },
  ],
  items: [
    item({}),
    item({
      code: 'TR-DL-RENEW',
      businessType: 'traffic',
      categoryCode: 'TR-DL-CHANGE',
      name: { zh: '驾驶证期满换证', en: 'Licence renewal' },
      verified: false,
      order: 1,
    }),
  ],
};

const HEADER =
  '事项编码 (code),业务类型 (business type),类别编码 (category code),类别名称 (category name),事项名称 (name zh),英文名称 (name en),申请材料 (materials),收费(元) (fee),法定时限 (statutory limit),办理方式 (route),采集 (biometrics),已核实 (verified)';

const csvRow = (code: string, fee: string, extra: Partial<Record<'unit' | 'name', string>> = {}): string =>
  `${code},出入境,EE-PASSPORT,普通护照,${extra.name ?? '普通护照换发'},Passport renewal,"居民身份证 | ID card\n［可选］户口簿",${fee},${extra.unit ?? '15日'},后台,P F R,是`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tongban-catalogue-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('catalogue CLI: usage', () => {
  it('prints usage for --help and exits 0', async () => {
    const run = await runCli(['--help'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm run catalogue -- check');
    expect(run.stdout).toContain('npm run catalogue -- import');
    expect(run.stdout).toContain('npm run catalogue -- template');
  });

  it('prints usage and exits 2 for an unknown command or option', async () => {
    const unknownCommand = await runCli(['frobnicate'], dir);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('unknown command: frobnicate');
    expect(unknownCommand.stderr).toContain('npm run catalogue -- check');

    const unknownOption = await runCli(['check', '--verbose'], dir);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('--verbose');
  });
});

describe('catalogue CLI: check', () => {
  it('checks the seed when no file is given', async () => {
    const run = await runCli(['check'], dir);
    expect(run.code).toBe(0);
    const businessTypes = new Set(seedCatalogue.categories.map((c) => c.businessType)).size;
    expect(run.stdout.split('\n')[0]).toBe(
      `${seedCatalogue.items.length} items, ${seedCatalogue.categories.length} categories, ${businessTypes} business types`,
    );
  });

  it('prints the summary of a good file, warns about unverified items, and exits 0', async () => {
    const file = join(dir, 'good.json');
    await writeFile(file, JSON.stringify(goodCatalogue));
    const run = await runCli(['check', file], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('2 items, 2 categories, 2 business types\n');
    expect(run.stderr).toContain('warning: 1 items not verified');
  });

  it('prints the summary as JSON with --json', async () => {
    const file = join(dir, 'good-json.json');
    await writeFile(file, JSON.stringify(goodCatalogue));
    const run = await runCli(['check', file, '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ items: 2, categories: 2, businessTypes: 2 });
  });

  it('lists every problem of a bad file with item code and field, and exits 1', async () => {
    const bad = structuredClone(goodCatalogue) as Catalogue;
    bad.items.push(
      item({ code: 'TR-DL-RENEW', businessType: 'traffic', categoryCode: 'TR-DL-CHANGE', order: 2 }),
      item({ code: 'EE-NO-CATEGORY', categoryCode: 'EE-NOWHERE', order: 3 }),
      item({ code: 'EE-NEGATIVE', fee: { amountFen: -100, options: [], verified: true }, order: 4 }),
      item({ code: 'EE-NAMELESS', name: { zh: '', en: 'Nameless' }, order: 5 }),
      item({
        code: 'EE-BAD-UNIT',
        timeLimits: [
          { kind: 'statutory', value: 15, unit: '日', verified: true },
          { kind: 'promised', value: 2, unit: '周' as '日', verified: true },
        ],
        order: 6,
      }),
    );
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(bad));
    const run = await runCli(['check', file], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    const expected: Array<[string, string, string]> = [
      ['TR-DL-RENEW', 'code', 'duplicate item code'],
      ['EE-NO-CATEGORY', 'categoryCode', 'EE-NOWHERE'],
      ['EE-NEGATIVE', 'fee.amountFen', 'must not be negative'],
      ['EE-NAMELESS', 'name.zh', 'Chinese name is missing'],
      ['EE-BAD-UNIT', 'timeLimits[1].unit', 'time-limit unit must be'],
    ];
    for (const [code, field, words] of expected) {
      const line = lines.find((l) => l.startsWith(`${code} ${field}: `));
      expect(line, `${code} ${field}`).toBeDefined();
      const [zh, en] = (line ?? '').slice(`${code} ${field}: `.length).split(' / ');
      expect(zh).toContain(code);
      expect(zh).toContain(field);
      expect(en).toContain(code);
      expect(en).toContain(field);
      expect(en).toContain(words);
    }
    expect(run.stderr).toContain('5 problems');
  });

  it('exits 1 for a file that is not JSON', async () => {
    const file = join(dir, 'not.json');
    await writeFile(file, '{ items: ');
    const run = await runCli(['check', file], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not valid JSON');
  });
});

describe('catalogue CLI: import', () => {
  it('imports a CSV with a byte-order mark into catalogue.json in the current folder, which check accepts', async ({
    expect,
  }) => {
    const work = await mkdtemp(join(dir, 'csv-'));
    await writeFile(
      join(work, 'sheet.csv'),
      `\uFEFF${HEADER}\r\n${csvRow('EE-A', '120')}\r\n${csvRow('EE-B', '12.50')}\r\n`,
    );
    const run = await runCli(['import', 'sheet.csv'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('2 items, 1 categories, 1 business types\n');

    const written = JSON.parse(await readFile(join(work, 'catalogue.json'), 'utf8')) as Catalogue;
    expect(written.items.map((i) => [i.code, i.fee.amountFen])).toEqual([
      ['EE-A', 12_000],
      ['EE-B', 1250],
    ]);
    expect(written.items[0]?.materials.map((m) => [m.code, m.required])).toEqual([
      ['ju-min-shen-fen-zheng', true],
      ['hu-kou-bu', false],
    ]);
    const check = await runCli(['check', 'catalogue.json', '--json'], work);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({ items: 2, categories: 1, businessTypes: 1 });
  });

  it('imports an XLSX written by Excel-like tools, with numeric and rich-text cells', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').addRow(['这是说明页']);
    const sheet = workbook.addWorksheet('事项');
    sheet.addRow(['平潭公安通办事项清单']);
    sheet.addRow(HEADER.split(','));
    sheet.addRow([
      'TR-DL-RENEW',
      '交管',
      'TR-DL-CHANGE',
      '驾驶证换证补证',
      '驾驶证期满换证',
      'Licence renewal',
      '居民身份证\n身体条件证明',
      10,
      '1工作日',
      '通常即办',
      '照片 读证',
      '是',
    ]);
    sheet.addRow([]);
    sheet.addRow([
      'TR-DL-LOST',
      'traffic',
      'TR-DL-CHANGE',
      '',
      { richText: [{ text: '驾驶证' }, { text: '遗失补证', font: { bold: true } }] },
      'Lost licence',
      '居民身份证',
      12.5,
      '1日',
      '即办',
      'P R',
      true,
    ]);
    const file = join(dir, 'sheet.xlsx');
    await workbook.xlsx.writeFile(file);

    const out = join(dir, 'from-xlsx.json');
    const run = await runCli(['import', file, '--out', out, '--catalogue-version', 'bureau-2025'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('2 items, 1 categories, 1 business types\n');
    const written = JSON.parse(await readFile(out, 'utf8')) as Catalogue;
    expect(written.version).toBe('bureau-2025');
    expect(written.items.map((i) => [i.code, i.name.zh, i.fee.amountFen, i.route])).toEqual([
      ['TR-DL-RENEW', '驾驶证期满换证', 1000, 'usually-on-the-spot'],
      ['TR-DL-LOST', '驾驶证遗失补证', 1250, 'on-the-spot'],
    ]);
    expect((await runCli(['check', out], dir)).code).toBe(0);
  });

  it('names the row and column of every error, exits 1, and writes nothing', async () => {
    const sheetFile = join(dir, 'errors.csv');
    await writeFile(
      sheetFile,
      [HEADER, csvRow('EE-A', '120'), csvRow('EE-B', '十元'), '', csvRow('EE-A', '-5', { unit: '2周', name: '' })].join(
        '\r\n',
      ),
    );
    const out = join(dir, 'must-not-exist.json');
    const run = await runCli(['import', sheetFile, '--out', out], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      '第 3 行「收费(元)」: 不是金额 "十元" / row 3, column "fee": not an amount "十元"',
      '第 5 行「事项名称」: 「事项名称」不能为空 / row 5, column "name zh": "name zh" must not be empty',
      '第 5 行「收费(元)」: 金额不能为负数 "-5" / row 5, column "fee": amount must not be negative "-5"',
      '第 5 行「法定时限」: 不是时限 "2周"（应写成「15日」或「20工作日」） / row 5, column "statutory limit": not a time limit "2周" (write 15日 or 20工作日)',
      '4 个错误，未写入文件 / 4 errors, nothing written',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('leaves an existing output file untouched when the sheet has errors', async () => {
    const sheetFile = join(dir, 'duplicate.csv');
    await writeFile(sheetFile, [HEADER, csvRow('EE-A', '120'), csvRow('EE-A', '120')].join('\n'));
    const out = join(dir, 'existing.json');
    await writeFile(out, 'previous catalogue');
    const run = await runCli(['import', sheetFile, '--out', out], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('row 3, column "code": item code repeats row 2 "EE-A"');
    expect(await readFile(out, 'utf8')).toBe('previous catalogue');
  });

  it('imports a 300-row sheet, more than the 274 items of the bureau list', async () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      csvRow(`EE-ITEM-${i + 1}`, `${i}.${String(i % 100).padStart(2, '0')}`),
    );
    const sheetFile = join(dir, 'large.csv');
    await writeFile(sheetFile, [HEADER, ...rows].join('\r\n'));
    const out = join(dir, 'large.json');
    const run = await runCli(['import', sheetFile, '--out', out, '--json'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ items: 300, categories: 1, businessTypes: 1 });
    const written = JSON.parse(await readFile(out, 'utf8')) as Catalogue;
    expect(written.items[299]).toMatchObject({ code: 'EE-ITEM-300', order: 299, fee: { amountFen: 29_999 } });
  });

  it('resolves relative paths against the folder npm run was started in', async () => {
    const work = await mkdtemp(join(dir, 'npm-'));
    await writeFile(join(work, 'sheet.csv'), [HEADER, csvRow('EE-A', '1')].join('\n'));
    const run = await runCli(['import', 'sheet.csv', '--out', 'out.json'], repoRoot, {
      npm_lifecycle_event: 'catalogue',
      INIT_CWD: work,
    });
    expect(run.code).toBe(0);
    expect(existsSync(join(work, 'out.json'))).toBe(true);
    expect(existsSync(join(repoRoot, 'out.json'))).toBe(false);
  });

  it('adds to the seed with --base seed', async () => {
    const sheetFile = join(dir, 'extra.csv');
    await writeFile(sheetFile, [HEADER, csvRow('EE-PILOT-ONLY', '0')].join('\n'));
    const out = join(dir, 'with-base.json');
    const run = await runCli(['import', sheetFile, '--out', out, '--base', 'seed'], dir);
    expect(run.code).toBe(0);
    const [, items, categories] = SUMMARY_LINE.exec(run.stdout.trim()) ?? [];
    expect(Number(items)).toBe(seedCatalogue.items.length + 1);
    expect(Number(categories)).toBe(seedCatalogue.categories.length);
  });
});

describe('catalogue CLI: template', () => {
  it('writes a CSV template identical to the committed build/catalogue-template.csv, which imports cleanly', async ({
    expect,
  }) => {
    const file = join(dir, 'template.csv');
    const run = await runCli(['template', file], dir);
    expect(run.code).toBe(0);
    const written = await readFile(file);
    expect(written.equals(await readFile(join(repoRoot, 'build/catalogue-template.csv')))).toBe(true);
    expect(written.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const imported = await runCli(['import', file, '--out', join(dir, 'template.json')], dir);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('3 items, 3 categories, 3 business types\n');
  });

  it('writes an XLSX template with --xlsx, which imports cleanly', async () => {
    const file = join(dir, 'template.xlsx');
    const run = await runCli(['template', '--xlsx', file], dir);
    expect(run.code).toBe(0);
    const imported = await runCli(['import', file, '--out', join(dir, 'template-xlsx.json')], dir);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('3 items, 3 categories, 3 business types\n');
  });
});
