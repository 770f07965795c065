import { describe, expect, it } from 'vitest';
import {
  CrashLoopDetector,
  DEFAULT_RECOVERY_POLICY,
  maintenancePage,
  setupRecovery,
  type Timers,
} from '../../../../electron/main/recovery.ts';
import { FakeBrowserWindow, RecordingLogger } from '../../../helpers/fake-electron.ts';

/** Timers the test advances by hand. */
class ManualTimers implements Timers {
  now = 0;
  private queue: Array<{ at: number; callback: () => void; id: number }> = [];
  private id = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    this.queue.push({ at: this.now + ms, callback, id: ++this.id });
    return this.id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.now += ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.queue = this.queue.filter((t) => t !== due);
      due.callback();
    }
  }
  get pending(): number {
    return this.queue.length;
  }
}

function recoveringWindow() {
  const window = new FakeBrowserWindow({});
  const timers = new ManualTimers();
  const log = new RecordingLogger();
  const detector = setupRecovery(window, {
    log,
    timers,
    now: () => timers.now,
    maintenanceUrl: 'app://tongban/__shell/maintenance',
    pageUrl: () => 'app://tongban/index.html',
  });
  return { window, timers, log, detector, contents: window.webContents };
}

describe('CrashLoopDetector', () => {
  it('doubles the reload delay for each incident in the period, up to the cap', () => {
    const detector = new CrashLoopDetector({ ...DEFAULT_RECOVERY_POLICY, maxIncidents: 10 });
    const delays = [0, 1, 2, 3, 4, 5, 6].map((i) => detector.record(i * 1000));
    expect(delays).toEqual(
      [1000, 2000, 4000, 8000, 16000, 30000, 30000].map((delayMs) => ({ action: 'reload', delayMs })),
    );
  });

  it('calls five incidents within two minutes a crash loop', () => {
    const detector = new CrashLoopDetector();
    for (let i = 0; i < 4; i++) expect(detector.record(i * 20_000).action).toBe('reload');
    expect(detector.record(100_000)).toEqual({ action: 'maintenance' });
  });

  it('forgets incidents older than the period', () => {
    const detector = new CrashLoopDetector();
    for (let i = 0; i < 4; i++) detector.record(i * 1000);
    expect(detector.record(10 * 60_000)).toEqual({ action: 'reload', delayMs: 1000 });
  });
});

describe('setupRecovery', () => {
  it('reloads the page after a renderer crash, after the backoff delay, and logs it', () => {
    const { contents, timers, log } = recoveringWindow();
    contents.testRendererGone('crashed', 139);
    expect(contents.loadedUrls).toEqual([]);
    timers.advance(999);
    expect(contents.loadedUrls).toEqual([]);
    timers.advance(1);
    expect(contents.loadedUrls).toEqual(['app://tongban/index.html']);
    expect(log.testHas('warn', /renderer gone \(crashed, exit code 139\); reloading in 1000 ms/)).toBe(true);
  });

  it('shows the maintenance screen instead of looping after five crashes in two minutes', () => {
    const { contents, timers, log } = recoveringWindow();
    for (let i = 0; i < 5; i++) {
      contents.testRendererGone('oom');
      timers.advance(20_000);
    }
    expect(contents.loadedUrls.at(-1)).toBe('app://tongban/__shell/maintenance');
    expect(contents.loadedUrls.filter((u) => u.endsWith('index.html'))).toHaveLength(4);
    expect(log.testHas('error', /5 incidents in 120 s, showing the maintenance screen/)).toBe(true);
    // Once in maintenance, further crashes reload nothing.
    contents.testRendererGone('crashed');
    timers.advance(60_000);
    expect(contents.loadedUrls.at(-1)).toBe('app://tongban/__shell/maintenance');
    expect(timers.pending).toBe(0);
  });

  it('kills a renderer that stays unresponsive past the grace period, which then reloads', () => {
    const { contents, timers } = recoveringWindow();
    contents.testEmit('unresponsive');
    timers.advance(9_999);
    expect(contents.crashesForced).toBe(0);
    timers.advance(1);
    expect(contents.crashesForced).toBe(1);
    contents.testRendererGone('killed');
    timers.advance(1_000);
    expect(contents.loadedUrls).toEqual(['app://tongban/index.html']);
  });

  it('leaves a page alone that becomes responsive again within the grace period', () => {
    const { contents, timers } = recoveringWindow();
    contents.testEmit('unresponsive');
    timers.advance(5_000);
    contents.testEmit('responsive');
    timers.advance(60_000);
    expect(contents.crashesForced).toBe(0);
    expect(contents.loadedUrls).toEqual([]);
  });

  it('does not reload a window that was closed meanwhile', () => {
    const { window, contents, timers } = recoveringWindow();
    contents.testRendererGone('crashed');
    window.destroy();
    timers.advance(5_000);
    expect(contents.loadedUrls).toEqual([]);
  });
});

describe('maintenancePage', () => {
  it('is plain HTML in Chinese and English, with no script', () => {
    const html = maintenancePage({ since: new Date('2026-11-26T02:00:00Z'), logHint: '/var/log/<tongban>/main.log' });
    expect(html).toContain('本机暂停服务');
    expect(html).toContain('This machine is out of service');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;tongban&gt;');
  });
});
