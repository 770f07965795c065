// `npm run catalogue -- <command>`: check a catalogue, import the bureau's sheet, write the template sheet.
// Exit codes: 0 done, 1 the catalogue or sheet has problems (or a file cannot be read), 2 the command line is wrong.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalogue } from '../../shared/schemas/index.ts';
import { seedCatalogue } from '../../shared/catalogue/seed/index.ts';
import { validateCatalogue, type CatalogueProblem, type CatalogueSummary } from '../../shared/catalogue/validate.ts';
import { readSheetFile, sheetFormatOf, templateXlsx, writeFileAtomically } from './files.ts';
import { formatSheetError, importSheet } from './import.ts';
import { templateCsv } from './template.ts';

const USAGE = `通办 目录工具 / Tongban catalogue tool

用法 / usage:
  npm run catalogue -- check [catalogue.json] [--json]
      校验目录（不给文件时校验内置种子目录）
      validate a catalogue JSON file, or the built-in seed when no file is given
  npm run catalogue -- import <sheet.csv|sheet.xlsx> [--out catalogue.json] [--base seed|<catalogue.json>]
                              [--catalogue-version <label>] [--json]
      把公安局维护的事项表转成目录 JSON；有错误时不写文件
      turn the bureau's sheet into catalogue JSON; nothing is written when the sheet has errors
  npm run catalogue -- template [--xlsx] <out.csv|out.xlsx>
      写出空白模板（含三个示例事项）/ write the template sheet with three example items

退出码 / exit codes: 0 成功 ok, 1 目录或表格有问题 problems found, 2 命令行错误 usage error
列说明 / columns: hub/catalogue/README.md
`;

/**
 * `npm run` starts scripts in the package root, not where the user typed the command; npm passes that folder as
 * INIT_CWD. Only trusted under our own script, since other npm scripts (a test run) pass their INIT_CWD down too.
 */
const userDir =
  process.env.npm_lifecycle_event === 'catalogue' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
const userPath = (path: string): string => resolve(userDir, path);

class UsageError extends Error {}

/** Problems that stop the command (unreadable file, invalid JSON); printed without a stack trace. */
class CommandFailure extends Error {}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const summaryLine = (s: CatalogueSummary): string =>
  `${s.items} items, ${s.categories} categories, ${s.businessTypes} business types`;

const summaryJson = (s: CatalogueSummary): string =>
  JSON.stringify({ items: s.items, categories: s.categories, businessTypes: s.businessTypes });

const problemLine = (p: CatalogueProblem): string => {
  const subject =
    p.itemCode ??
    p.categoryCode ??
    (p.itemIndex !== undefined
      ? `items[${p.itemIndex}]`
      : p.categoryIndex !== undefined
        ? `categories[${p.categoryIndex}]`
        : '(catalogue)');
  return `${subject} ${p.field}: ${p.message.zh} / ${p.message.en}`;
};

function warnUnverified(catalogue: Catalogue, io: Io): void {
  const unverified = catalogue.items.filter((item) => !item.verified).length;
  if (unverified > 0) {
    io.err(
      `警告：${unverified} 个事项未核实（verified: false），请向公安局确认 / warning: ${unverified} items not verified (verified: false); confirm them with the bureau`,
    );
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CommandFailure(`无法读取 ${path} / cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new CommandFailure(`${path} 不是有效的 JSON / ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

async function check(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('check 只接受一个文件 / check takes one file');
  const file = positionals[0];
  const input = file === undefined ? seedCatalogue : await readJson(userPath(file));
  const result = validateCatalogue(input);
  if (!result.ok) {
    for (const problem of result.problems) io.err(problemLine(problem));
    io.err(`${result.problems.length} 个问题 / ${result.problems.length} problems`);
    if (values.json) io.out(JSON.stringify({ problems: result.problems }));
    return 1;
  }
  io.out(values.json ? summaryJson(result.summary) : summaryLine(result.summary));
  warnUnverified(result.catalogue, io);
  return 0;
}

async function loadBase(base: string | undefined): Promise<Catalogue | undefined> {
  if (base === undefined) return undefined;
  const input = base === 'seed' ? seedCatalogue : await readJson(userPath(base));
  const result = validateCatalogue(input);
  if (!result.ok) {
    const lines = result.problems.map(problemLine).join('\n');
    throw new CommandFailure(`基础目录 ${base} 有问题 / the base catalogue ${base} has problems:\n${lines}`);
  }
  return result.catalogue;
}

const today = (): string => {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      base: { type: 'string' },
      'catalogue-version': { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const [sheetPath, ...extra] = positionals;
  if (sheetPath === undefined || extra.length > 0)
    throw new UsageError('import 需要一个表格文件 / import takes one sheet file');
  if (sheetFormatOf(sheetPath) === undefined) {
    throw new UsageError(`只支持 .csv 和 .xlsx / only .csv and .xlsx sheets are supported: ${sheetPath}`);
  }
  const base = await loadBase(values.base);
  let rows;
  try {
    rows = await readSheetFile(userPath(sheetPath));
  } catch (error) {
    throw new CommandFailure(
      `无法读取表格 ${sheetPath} / cannot read the sheet ${sheetPath}: ${(error as Error).message}`,
    );
  }

  const result = importSheet(rows, {
    ...(base ? { base } : {}),
    version: values['catalogue-version'] ?? `import-${today()}`,
  });
  for (const warning of result.warnings) io.err(`警告：${warning.zh} / warning: ${warning.en}`);
  if (!result.ok) {
    for (const error of result.errors) io.err(formatSheetError(error));
    io.err(`${result.errors.length} 个错误，未写入文件 / ${result.errors.length} errors, nothing written`);
    return 1;
  }
  const out = userPath(values.out ?? 'catalogue.json');
  try {
    await writeFileAtomically(out, `${JSON.stringify(result.catalogue, null, 2)}\n`);
  } catch (error) {
    throw new CommandFailure(`无法写入 ${out} / cannot write ${out}: ${(error as Error).message}`);
  }
  io.out(values.json ? summaryJson(result.summary) : summaryLine(result.summary));
  io.err(`已写入 ${out} / wrote ${out}`);
  warnUnverified(result.catalogue, io);
  return 0;
}

async function templateCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { xlsx: { type: 'boolean' } }, allowPositionals: true });
  const [outPath, ...extra] = positionals;
  if (outPath === undefined || extra.length > 0)
    throw new UsageError('template 需要一个输出文件 / template takes one output file');
  const xlsx = values.xlsx === true || sheetFormatOf(outPath) === 'xlsx';
  const out = userPath(outPath);
  try {
    await writeFileAtomically(out, xlsx ? await templateXlsx() : templateCsv());
  } catch (error) {
    throw new CommandFailure(`无法写入 ${out} / cannot write ${out}: ${(error as Error).message}`);
  }
  io.err(`已写入模板 ${out} / wrote the template ${out}`);
  return 0;
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  check,
  import: importCommand,
  template: templateCommand,
};

async function runCatalogueCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (
    command === '--help' ||
    command === '-h' ||
    command === 'help' ||
    rest.includes('--help') ||
    rest.includes('-h')
  ) {
    io.out(USAGE);
    return 0;
  }
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    io.err(command === undefined ? '缺少命令 / no command given' : `不认识的命令 / unknown command: ${command}`);
    io.err(USAGE);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    // parseArgs reports unknown options and missing option values with these codes.
    const code = (error as { code?: string }).code;
    if (
      error instanceof UsageError ||
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
    ) {
      io.err((error as Error).message);
      io.err(USAGE);
      return 2;
    }
    if (error instanceof CommandFailure) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

const io: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

process.exitCode = await runCatalogueCli(process.argv.slice(2), io);
