import type { BrowserWindowPort } from './ports.ts';
import type { Logger } from './logging.ts';

export interface RecoveryPolicy {
  /** This many incidents within `periodMs` is a crash loop: stop reloading, show the maintenance screen. */
  maxIncidents: number;
  periodMs: number;
  /** Reload delay after the first incident, doubled for each further one in the period, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a hung page may stay unresponsive before its renderer is killed and reloaded. */
  unresponsiveGraceMs: number;
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  maxIncidents: 5,
  periodMs: 2 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  unresponsiveGraceMs: 10_000,
};

export type RecoveryDecision = { action: 'reload'; delayMs: number } | { action: 'maintenance' };

/** Counts incidents in a sliding period and decides what to do about the latest one. Pure, so tests drive the clock. */
export class CrashLoopDetector {
  private incidents: number[] = [];

  constructor(private readonly policy: RecoveryPolicy = DEFAULT_RECOVERY_POLICY) {}

  record(now: number): RecoveryDecision {
    this.incidents = [...this.incidents.filter((t) => now - t < this.policy.periodMs), now];
    const count = this.incidents.length;
    if (count >= this.policy.maxIncidents) return { action: 'maintenance' };
    return { action: 'reload', delayMs: Math.min(this.policy.baseDelayMs * 2 ** (count - 1), this.policy.maxDelayMs) };
  }

  get recent(): number {
    return this.incidents.length;
  }
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RecoveryOptions {
  log: Logger;
  now?: () => number;
  timers?: Timers;
  policy?: RecoveryPolicy;
  /** The page shown instead of reloading once the window is in a crash loop. */
  maintenanceUrl: string;
  /** The page to reload; the window's current URL is not used because a crashed page may report an empty one. */
  pageUrl: () => string;
}

/**
 * Keeps an unattended window alive: a renderer that crashes or hangs is reloaded after a growing delay; one that
 * keeps failing gets a plain maintenance screen instead of a reload loop that would flash at a citizen forever.
 */
export function setupRecovery(window: BrowserWindowPort, options: RecoveryOptions): CrashLoopDetector {
  const now = options.now ?? Date.now;
  const timers: Timers = options.timers ?? {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const policy = options.policy ?? DEFAULT_RECOVERY_POLICY;
  const detector = new CrashLoopDetector(policy);
  const { webContents } = window;
  let pendingReload: unknown = null;
  let hangTimer: unknown = null;
  let inMaintenance = false;

  const incident = (what: string) => {
    if (inMaintenance || window.isDestroyed()) return;
    const decision = detector.record(now());
    if (pendingReload !== null) timers.clearTimeout(pendingReload);
    pendingReload = null;
    if (decision.action === 'maintenance') {
      inMaintenance = true;
      options.log.error(
        `recovery: ${what}; ${detector.recent} incidents in ${policy.periodMs / 1000} s, showing the maintenance screen`,
      );
      void webContents.loadURL(options.maintenanceUrl);
      return;
    }
    options.log.warn(`recovery: ${what}; reloading in ${decision.delayMs} ms`);
    pendingReload = timers.setTimeout(() => {
      pendingReload = null;
      if (!window.isDestroyed()) void webContents.loadURL(options.pageUrl());
    }, decision.delayMs);
  };

  webContents.on('render-process-gone', (_event, details) => {
    if (hangTimer !== null) timers.clearTimeout(hangTimer);
    hangTimer = null;
    incident(`renderer gone (${details.reason}, exit code ${details.exitCode})`);
  });
  webContents.on('unresponsive', () => {
    if (hangTimer !== null || inMaintenance) return;
    options.log.warn(`recovery: page unresponsive; waiting ${policy.unresponsiveGraceMs} ms`);
    hangTimer = timers.setTimeout(() => {
      hangTimer = null;
      // A hung renderer ignores reload(); killing it brings us to render-process-gone, which reloads and counts.
      if (!window.isDestroyed()) webContents.forcefullyCrashRenderer();
    }, policy.unresponsiveGraceMs);
  });
  webContents.on('responsive', () => {
    if (hangTimer === null) return;
    timers.clearTimeout(hangTimer);
    hangTimer = null;
    options.log.info('recovery: page responsive again');
  });
  return detector;
}

/** Plain on purpose: it must show even when the renderer bundle is what keeps crashing. No script, no resources. */
export function maintenancePage(details: { since: Date; logHint: string }): string {
  const time = details.since.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>暂停服务 Out of service</title>
<style>
body{margin:0;height:100vh;display:flex;align-items:center;justify-content:center;background:#f4f5f7;color:#1f2933;
font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;text-align:center}
h1{font-size:48px;margin:0 0 16px}p{font-size:24px;margin:8px 0}.en{color:#52606d;font-size:20px}
.small{margin-top:40px;font-size:14px;color:#7b8794}
</style></head>
<body><main>
<h1>本机暂停服务</h1>
<p>请到其他窗口或终端办理，或联系工作人员。</p>
<p class="en">This machine is out of service. Please use another counter or kiosk, or ask a member of staff.</p>
<p class="small">${escapeHtml(time)} · ${escapeHtml(details.logHint)}</p>
</main></body></html>`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
