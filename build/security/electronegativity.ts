/**
 * The security gate: runs Doyensec's electronegativity over the built main process and preload script and fails on
 * any finding that is not accepted, with a written reason, in `accepted-findings.json`. The tool itself always exits
 * 0, so its findings must be read (DESIGN "Known traps"). Run by `npm run security` (after a build) and in CI.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy, withCspMeta } from '../../electron/main/csp.ts';

export interface Finding {
  id: string;
  /** Relative to the scanned folder: `main/index.js`, `preload/index.cjs`, or `N/A` for a global check. */
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  description: string;
  manualReview: boolean;
}

export interface AcceptedFinding {
  id: string;
  /** Limits the acceptance to one file; without it, the finding is accepted wherever it occurs. */
  file?: string;
  /** How many occurrences it covers (each call the tool flags is one); any beyond fail the gate. */
  occurrences?: number;
  reason: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Files the tool could not parse; a file it could not parse was not checked. */
  parseErrors: Array<{ file: string; message: string }>;
  checks: number;
}

export interface Verdict {
  failures: Finding[];
  accepted: Array<{ finding: Finding; reason: string }>;
  /** Acceptances that matched nothing: the risk they excused is gone, so they should go too. */
  unused: AcceptedFinding[];
}

/** Which findings fail the gate. Pure: the test drives it with made-up findings. */
export function judge(findings: Finding[], acceptances: AcceptedFinding[]): Verdict {
  const used = new Map<AcceptedFinding, number>();
  const failures: Finding[] = [];
  const accepted: Verdict['accepted'] = [];
  for (const finding of findings) {
    const acceptance = acceptances.find(
      (a) =>
        a.id === finding.id &&
        (a.file === undefined || a.file === finding.file) &&
        (a.occurrences === undefined || (used.get(a) ?? 0) < a.occurrences),
    );
    if (acceptance) {
      used.set(acceptance, (used.get(acceptance) ?? 0) + 1);
      accepted.push({ finding, reason: acceptance.reason });
    } else failures.push(finding);
  }
  return { failures, accepted, unused: acceptances.filter((a) => !used.has(a)) };
}

/** Reads and checks the accepted-findings file: every entry needs an id and a reason someone can review. */
export function readAcceptances(file: string): AcceptedFinding[] {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new Error(`${file}: expected an array of accepted findings`);
  return entries.map((entry: Partial<AcceptedFinding>, i) => {
    if (typeof entry.id !== 'string' || !entry.id) throw new Error(`${file}[${i}]: "id" is required`);
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 30) {
      throw new Error(`${file}[${i}] (${entry.id}): "reason" must explain in a sentence why the finding is acceptable`);
    }
    if (entry.file !== undefined && typeof entry.file !== 'string')
      throw new Error(`${file}[${i}]: "file" must be text`);
    if (entry.occurrences !== undefined && !(Number.isInteger(entry.occurrences) && entry.occurrences > 0))
      throw new Error(`${file}[${i}]: "occurrences" must be a whole number above 0`);
    return entry as AcceptedFinding;
  });
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
  manualReview: boolean;
}

/**
 * Scans the given built folders as one application, so the global checks (CSP, navigation limits, permission
 * handler) see the main process and the preload together. The tool wants the network for two extras — fresh
 * translations and the list of Electron releases — which CI does not have; `got` is replaced with a stand-in that
 * fails at once, so the scan is offline and deterministic, and the release check is excluded.
 */
export async function scan(folders: Record<string, string>, electronVersion: string): Promise<ScanResult> {
  const staging = mkdtempSync(path.join(os.tmpdir(), 'tongban-electronegativity-'));
  try {
    for (const [name, folder] of Object.entries(folders)) cpSync(folder, path.join(staging, name), { recursive: true });
    const require = createRequire(import.meta.url);
    const toolRoot = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
    const toolRequire = createRequire(path.join(toolRoot, 'dist', 'index.js'));
    const offline = () => Promise.reject(new Error('offline: the security gate does not use the network'));
    Object.assign(offline, { head: offline, get: offline });
    toolRequire.cache[toolRequire.resolve('got')] = { exports: offline } as NodeJS.Module;
    const run = toolRequire('./runner.js') as (options: Record<string, unknown>) => Promise<{
      globalChecks: number;
      atomicChecks: number;
      errors: Array<{ file: string; message: string; tolerable: boolean }>;
      issues: RawIssue[];
    }>;
    const quiet = console.log;
    console.log = () => undefined;
    let result;
    try {
      result = await run({
        input: staging,
        isRelative: true,
        electronVersionOverride: electronVersion,
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      });
    } finally {
      console.log = quiet;
    }
    return {
      checks: result.globalChecks + result.atomicChecks,
      parseErrors: result.errors
        .filter((e) => !e.tolerable)
        .map(({ file, message }) => ({ file: path.relative(staging, file), message })),
      findings: result.issues.map((issue) => ({
        id: issue.id,
        file: issue.file.split(path.sep).join('/'),
        line: issue.location.line,
        column: issue.location.column,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        description: issue.description,
        manualReview: issue.manualReview,
      })),
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const root = path.resolve(import.meta.dirname, '../..');
  const out = path.join(root, 'out');
  const electronVersion = (
    JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
  ).version;
  // The pages as the shell serves them (its CSP in the meta tag), so the tool judges the policy actually in force
  // rather than the web build's; the renderer's JavaScript is React and libraries, not Electron code, and stays out.
  const pages = mkdtempSync(path.join(os.tmpdir(), 'tongban-served-pages-'));
  mkdirSync(pages, { recursive: true });
  for (const name of readdirSync(path.join(out, 'renderer')).filter((n) => n.endsWith('.html'))) {
    const html = readFileSync(path.join(out, 'renderer', name), 'utf8');
    writeFileSync(path.join(pages, name), withCspMeta(html, contentSecurityPolicy()));
  }
  let result: ScanResult;
  try {
    result = await scan(
      { main: path.join(out, 'main'), preload: path.join(out, 'preload'), renderer: pages },
      electronVersion,
    );
  } finally {
    rmSync(pages, { recursive: true, force: true });
  }
  const verdict = judge(result.findings, readAcceptances(path.join(import.meta.dirname, 'accepted-findings.json')));
  const where = (f: Finding) => (f.file === 'N/A' ? 'whole app' : `${f.file}:${f.line}:${f.column}`);

  console.log(
    `electronegativity: ${result.checks} checks over out/main, out/preload and the served pages (Electron ${electronVersion})`,
  );
  for (const { finding, reason } of verdict.accepted) {
    console.log(`  accepted  ${finding.id} (${finding.severity}) at ${where(finding)}\n            ${reason}`);
  }
  for (const finding of verdict.failures) {
    console.log(
      `  FINDING   ${finding.id} (${finding.severity}, ${finding.confidence}) at ${where(finding)}\n            ${finding.description}`,
    );
  }
  for (const error of result.parseErrors) console.log(`  UNPARSED  ${error.file}: ${error.message}`);
  for (const stale of verdict.unused)
    console.log(`  unused    acceptance of ${stale.id}${stale.file ? ` in ${stale.file}` : ''}: remove it`);
  const failed = verdict.failures.length + result.parseErrors.length;
  console.log(
    failed === 0
      ? `security gate passed: ${verdict.accepted.length} accepted, 0 unaccepted findings`
      : `security gate FAILED: ${verdict.failures.length} unaccepted findings, ${result.parseErrors.length} unparsed files`,
  );
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
