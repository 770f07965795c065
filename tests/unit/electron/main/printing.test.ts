import { mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrintService, printerProblem } from '../../../../electron/main/printing.ts';
import type { PrinterInfo } from '../../../../electron/main/ports.ts';
import type { SiteConfig } from '../../../../shared/ipc/site-config.ts';
import { FakeBrowserWindow, RecordingLogger } from '../../../helpers/fake-electron.ts';

const printer = (name: string, options: Record<string, string> = {}): PrinterInfo => ({
  name,
  displayName: name,
  description: '',
  options,
});

const JOB = { kind: 'receipt', title: 'DX-20261126-02-0007', html: '<p>受理回执</p>' } as const;

async function service(configured: SiteConfig['printer'], printers: PrinterInfo[]) {
  const printsDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tongban-prints-')), 'prints');
  const windows: FakeBrowserWindow[] = [];
  const log = new RecordingLogger();
  const state = { configured, printers, nextResult: { success: true, failureReason: '' } };
  let id = 0;
  const prints = new PrintService({
    createPrintWindow: () => {
      const window = new FakeBrowserWindow({ show: false });
      window.webContents.printBehaviour = state.nextResult;
      windows.push(window);
      return window;
    },
    listPrinters: async () => state.printers,
    printer: () => state.configured,
    printsDir,
    log,
    now: () => new Date('2026-11-26T02:30:00.000Z'),
    newJobId: () => `job-${++id}`,
  });
  return { prints, windows, log, state, printsDir };
}

describe('PrintService', () => {
  it('prints silently to the configured system printer and keeps a PDF copy for the day', async () => {
    const { prints, windows, printsDir } = await service({ name: 'EPSON_TM_T82', paperWidthMm: 80 }, [
      printer('HP_Office'),
      printer('EPSON_TM_T82', { 'printer-state': '3' }),
    ]);
    const result = await prints.print(JOB);
    expect(result).toEqual({
      ok: true,
      jobId: 'job-1',
      printer: 'EPSON_TM_T82',
      pdfCopy: path.join(printsDir, '2026-11-26', 'job-1.pdf'),
    });
    const [window] = windows;
    expect(window?.webContents.loadedUrls).toEqual(['app://tongban/__print/job-1']);
    expect(window?.webContents.printCalls[0]).toMatchObject({
      silent: true,
      deviceName: 'EPSON_TM_T82',
      printBackground: true,
    });
    expect(window?.webContents.pdfCalls[0]?.pageSize).toEqual({ width: 80 / 25.4, height: 297 / 25.4 });
    expect((await readFile(result.pdfCopy!)).subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(window?.isDestroyed()).toBe(true);
    expect(prints.document('job-1')).toBeUndefined();
  });

  it('says clearly which printer is missing and which printers exist, and keeps the job for a retry', async () => {
    const { prints, state } = await service({ name: 'EPSON_TM_T82', paperWidthMm: 80 }, [printer('HP_Office')]);
    const result = await prints.print(JOB);
    expect(result).toMatchObject({
      ok: false,
      jobId: 'job-1',
      retryable: true,
      error: {
        code: 'printer-missing',
        message: {
          zh: '找不到打印机“EPSON_TM_T82”。请检查打印机是否连接并已安装驱动。系统中的打印机：HP_Office',
          en: 'Printer "EPSON_TM_T82" was not found. Check that it is connected and its driver installed. Printers on this system: HP_Office',
        },
      },
    });
    expect(result.pdfCopy).toMatch(/job-1\.pdf$/);
    state.printers = [printer('EPSON_TM_T82')];
    expect(await prints.retry('job-1')).toMatchObject({ ok: true, jobId: 'job-1', printer: 'EPSON_TM_T82' });
    expect(await prints.retry('job-1')).toMatchObject({ ok: false, retryable: false });
  });

  it('reports a printer the system says is offline before sending anything to it', async () => {
    const { prints, windows } = await service({ name: 'EPSON_TM_T82', paperWidthMm: 80 }, [
      printer('EPSON_TM_T82', { 'printer-state': '5', 'printer-state-reasons': 'offline-report' }),
    ]);
    expect(await prints.print(JOB)).toMatchObject({
      ok: false,
      error: { code: 'printer-offline', message: { zh: '打印机“EPSON_TM_T82”：打印机离线，请检查电源和连接线' } },
    });
    expect(windows[0]?.webContents.printCalls).toEqual([]);
  });

  it('reports a job the system refused, with its reason, and prints it on retry once the printer works', async () => {
    const { prints, state } = await service({ name: 'EPSON_TM_T82', paperWidthMm: 80 }, [printer('EPSON_TM_T82')]);
    state.nextResult = { success: false, failureReason: 'Print job failed' };
    expect(await prints.print(JOB)).toMatchObject({
      ok: false,
      retryable: true,
      error: {
        code: 'print-failed',
        message: { en: 'Printing failed: Print job failed. Check the printer and retry' },
      },
    });
    state.nextResult = { success: true, failureReason: '' };
    expect(await prints.retry('job-1')).toMatchObject({ ok: true });
  });

  it('asks for a printer to be set up when none is configured, and still keeps the PDF copy', async () => {
    const { prints } = await service(null, [printer('EPSON_TM_T82')]);
    const result = await prints.print(JOB);
    expect(result).toMatchObject({ ok: false, error: { code: 'printer-not-configured' } });
    expect(result.pdfCopy).toMatch(/2026-11-26/);
  });

  it('keeps only the PDF copies of the current day', async () => {
    const { prints, printsDir } = await service({ name: 'P', paperWidthMm: 210 }, [printer('P')]);
    await mkdir(path.join(printsDir, '2026-11-25'), { recursive: true });
    await mkdir(path.join(printsDir, 'keep-me'), { recursive: true });
    await prints.print(JOB);
    expect((await readdir(printsDir)).sort()).toEqual(['2026-11-26', 'keep-me']);
  });
});

describe('printerProblem', () => {
  it('reads CUPS printer states and reasons, and finds nothing wrong in an idle printer', () => {
    expect(printerProblem(printer('p', { 'printer-state': '3' }))).toBeNull();
    expect(printerProblem(printer('p', { 'printer-state-reasons': 'media-empty-error' }))?.en).toBe(
      'The printer is out of paper',
    );
    expect(printerProblem(printer('p', { 'printer-state': '5' }))?.en).toBe('The printer is stopped');
    expect(printerProblem(printer('p', { 'printer-is-accepting-jobs': 'false' }))?.en).toBe(
      'The printer is not accepting jobs',
    );
  });
});
