import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrintErrorCode, PrintJob, PrintResult, PrinterSummary } from '../../shared/ipc/bridge.ts';
import type { LocalizedText } from '../../shared/ipc/localized.ts';
import type { SiteConfig } from '../../shared/ipc/site-config.ts';
import type { BrowserWindowPort, PrinterInfo } from './ports.ts';
import type { Logger } from './logging.ts';
import { printDocumentUrl } from './app-protocol.ts';

/**
 * What the operating system says is wrong with a printer, if anything. Chromium passes the platform's own fields in
 * `options`: CUPS (Linux, macOS) reports `printer-state` 5 for stopped and `printer-state-reasons` such as
 * `offline-report` or `media-empty`; Windows reports little before a job is sent, so there the job's own result is
 * what tells.
 */
export function printerProblem(printer: PrinterInfo): LocalizedText | null {
  const options = (printer.options ?? {}) as Record<string, string | undefined>;
  const reasons = (options['printer-state-reasons'] ?? '').toLowerCase();
  if (/offline|shutdown|connecting-to-device/.test(reasons)) {
    return { zh: '打印机离线，请检查电源和连接线', en: 'The printer is offline; check its power and cable' };
  }
  if (/media-empty|media-needed/.test(reasons)) return { zh: '打印机缺纸', en: 'The printer is out of paper' };
  if (/cover-open|door-open/.test(reasons)) return { zh: '打印机盖未关好', en: "The printer's cover is open" };
  if (options['printer-state'] === '5') return { zh: '打印机已停止', en: 'The printer is stopped' };
  if (options['printer-is-accepting-jobs'] === 'false') {
    return { zh: '打印机不接受打印任务', en: 'The printer is not accepting jobs' };
  }
  return null;
}

export const summarisePrinter = (printer: PrinterInfo): PrinterSummary => ({
  name: printer.name,
  displayName: printer.displayName || printer.name,
  isDefault: Boolean((printer as PrinterInfo & { isDefault?: boolean }).isDefault),
  problem: printerProblem(printer),
});

/** The bureau's local date, for the folder of the day's PDF copies. */
export const localDay = (date: Date): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);

export interface PrintServiceOptions {
  /** A hidden window with no preload and scripts off (windows.ts `printWindowOptions`). */
  createPrintWindow: () => BrowserWindowPort;
  listPrinters: () => Promise<PrinterInfo[]>;
  printer: () => SiteConfig['printer'];
  /** `<userData>/prints`: one folder per day; only today's is kept. */
  printsDir: string;
  log: Logger;
  now?: () => Date;
  newJobId?: (job: PrintJob) => string;
  /** How long to wait for the system to accept a job before calling it failed. */
  printTimeoutMs?: number;
}

const MAX_PENDING_JOBS = 50;

/**
 * Silent printing of receipts and tickets to the configured printer, with a PDF copy of each kept for the day (a
 * receipt can be reprinted or shown if the paper jams). A failed job stays here until it prints or the app restarts,
 * and `retry` prints it again — the officer fixes the printer and presses retry, nothing is typed twice.
 */
export class PrintService {
  /** Documents being rendered, served to the print window at app://tongban/__print/<jobId>. */
  private readonly documents = new Map<string, string>();
  private readonly failed = new Map<string, PrintJob>();
  private readonly now: () => Date;

  constructor(private readonly options: PrintServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  document(jobId: string): string | undefined {
    return this.documents.get(jobId);
  }

  async listPrinters(): Promise<PrinterSummary[]> {
    return (await this.options.listPrinters()).map(summarisePrinter);
  }

  print(job: PrintJob): Promise<PrintResult> {
    const jobId = this.options.newJobId?.(job) ?? defaultJobId(job, this.now());
    return this.run(jobId, job);
  }

  async retry(jobId: string): Promise<PrintResult> {
    const job = this.failed.get(jobId);
    if (!job) {
      return {
        ok: false,
        jobId,
        retryable: false,
        pdfCopy: null,
        error: {
          code: 'print-failed',
          message: {
            zh: '找不到该打印任务（可能已打印或应用已重启），请重新打印',
            en: 'That print job is gone (printed already, or the app restarted); print it again',
          },
        },
      };
    }
    return this.run(jobId, job);
  }

  private async run(jobId: string, job: PrintJob): Promise<PrintResult> {
    const printer = this.options.printer();
    this.documents.set(jobId, job.html);
    const window = this.options.createPrintWindow();
    let pdfCopy: string | null = null;
    try {
      await window.webContents.loadURL(printDocumentUrl(jobId));
      pdfCopy = await this.keepPdfCopy(window, jobId, job, printer);

      const failure = (code: PrintErrorCode, message: LocalizedText): PrintResult => {
        this.remember(jobId, job);
        this.options.log.warn(`print: ${job.kind} ${job.title} (${jobId}) not printed: ${code}: ${message.en}`);
        return { ok: false, jobId, retryable: true, pdfCopy, error: { code, message } };
      };
      if (!printer) {
        return failure('printer-not-configured', {
          zh: '本机未设置打印机，请技术人员在设置中选择打印机',
          en: 'No printer is set up for this machine; a technician must choose one in the settings',
        });
      }
      const printers = await this.options.listPrinters();
      const found = printers.find((p) => p.name === printer.name);
      if (!found) {
        const available = printers.map((p) => p.name).join('、') || '无 none';
        return failure('printer-missing', {
          zh: `找不到打印机“${printer.name}”。请检查打印机是否连接并已安装驱动。系统中的打印机：${available}`,
          en: `Printer "${printer.name}" was not found. Check that it is connected and its driver installed. Printers on this system: ${available}`,
        });
      }
      const problem = printerProblem(found);
      if (problem)
        return failure('printer-offline', {
          zh: `打印机“${printer.name}”：${problem.zh}`,
          en: `Printer "${printer.name}": ${problem.en}`,
        });

      const outcome = await this.send(window, printer);
      if (!outcome.success) {
        return failure('print-failed', {
          zh: `打印失败：${outcome.reason}。请检查打印机后重试`,
          en: `Printing failed: ${outcome.reason}. Check the printer and retry`,
        });
      }
      this.failed.delete(jobId);
      this.options.log.info(`print: ${job.kind} ${job.title} (${jobId}) sent to ${printer.name}`);
      return { ok: true, jobId, printer: printer.name, pdfCopy };
    } finally {
      this.documents.delete(jobId);
      if (!window.isDestroyed()) window.destroy();
    }
  }

  private send(window: BrowserWindowPort, printer: NonNullable<SiteConfig['printer']>) {
    return new Promise<{ success: boolean; reason: string }>((resolve) => {
      const timer = setTimeout(
        () => resolve({ success: false, reason: 'the system did not accept the job in time' }),
        this.options.printTimeoutMs ?? 30_000,
      );
      window.webContents.print(
        {
          silent: true,
          deviceName: printer.name,
          printBackground: true,
          margins: { marginType: 'none' },
          ...(printer.paperWidthMm === 210 ? { pageSize: 'A4' as const } : { usePrinterDefaultPageSize: true }),
        },
        (success, failureReason) => {
          clearTimeout(timer);
          resolve({ success, reason: failureReason || 'unknown reason' });
        },
      );
    });
  }

  /** A copy of every job, printed or not; a failure here is logged and never stops the printing. */
  private async keepPdfCopy(
    window: BrowserWindowPort,
    jobId: string,
    job: PrintJob,
    printer: SiteConfig['printer'],
  ): Promise<string | null> {
    try {
      const widthMm = printer?.paperWidthMm ?? 210;
      const pdf = await window.webContents.printToPDF({
        printBackground: true,
        // printToPDF takes inches. Thermal rolls have no page height; an A4 length holds any receipt.
        pageSize: widthMm === 210 ? 'A4' : { width: widthMm / 25.4, height: 297 / 25.4 },
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
      });
      const today = localDay(this.now());
      const dir = path.join(this.options.printsDir, today);
      await mkdir(dir, { recursive: true });
      await this.pruneOtherDays(today);
      const file = path.join(dir, `${jobId}.pdf`);
      await writeFile(file, pdf);
      return file;
    } catch (error) {
      this.options.log.warn(`print: no PDF copy of ${jobId}: ${(error as Error).message}`);
      return null;
    }
  }

  private async pruneOtherDays(today: string): Promise<void> {
    for (const entry of await readdir(this.options.printsDir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== today && /^\d{4}-\d{2}-\d{2}$/.test(entry.name)) {
        await rm(path.join(this.options.printsDir, entry.name), { recursive: true, force: true });
      }
    }
  }

  private remember(jobId: string, job: PrintJob): void {
    this.failed.delete(jobId);
    this.failed.set(jobId, job);
    // A printer left broken all day must not grow this without bound; the oldest jobs go first.
    while (this.failed.size > MAX_PENDING_JOBS) this.failed.delete(this.failed.keys().next().value!);
  }
}

function defaultJobId(job: PrintJob, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  return `${job.kind}-${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
