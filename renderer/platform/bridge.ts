/**
 * The one way renderer code reaches the platform: `getBridge()`. In Electron it is the object the preload exposed
 * (`window.tongban`); in a browser it is the web implementation. Components and stores call the bridge and never ask
 * which shell they run in.
 */
import { BRIDGE_KEYS, type TongbanBridge } from '../../shared/ipc/bridge.ts';
import { createWebBridge, type WebBridgeEnvironment } from './web-bridge.ts';

declare global {
  interface Window {
    /** Set by the Electron preload script; absent in a browser. */
    tongban?: TongbanBridge;
  }
}

let bridge: TongbanBridge | null = null;

export function getBridge(): TongbanBridge {
  return (bridge ??= isBridge(window.tongban) ? window.tongban : createWebBridge(browserEnvironment()));
}

/** True in the desktop app. For a label or a hint only; behaviour belongs behind the bridge. */
export const isDesktop = (): boolean => isBridge(window.tongban);

/** Tests replace the bridge with a fake of their own, and put it back. */
export function setBridgeForTests(replacement: TongbanBridge | null): void {
  bridge = replacement;
}

function isBridge(candidate: unknown): candidate is TongbanBridge {
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    BRIDGE_KEYS.every((key) => typeof (candidate as Record<string, unknown>)[key] === 'function')
  );
}

export function browserEnvironment(): WebBridgeEnvironment {
  return {
    storage: window.localStorage,
    location: window.location,
    replaceUrl: (url) => window.history.replaceState(null, '', url),
    fetch: window.fetch.bind(window),
    printHtml,
    download,
    randomBytes: (length) => window.crypto.getRandomValues(new Uint8Array(length)),
    reportError: (...parts) => console.error(...parts),
    platform: navigator.platform,
  };
}

/**
 * Prints a document with the browser's dialog. No iframe (the CSP forbids frames) and no pop-up: the document is
 * placed in the page, and a print style sheet hides everything else while the dialog is open.
 */
function printHtml(html: string, title: string): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  // Scripts in a receipt are never run, here as in the desktop print window.
  parsed.querySelectorAll('script').forEach((script) => script.remove());
  const container = document.createElement('div');
  container.id = 'tongban-print';
  container.append(...Array.from(parsed.head.querySelectorAll('style')), ...Array.from(parsed.body.childNodes));
  const style = document.createElement('style');
  style.textContent =
    '#tongban-print{display:none}@media print{body>*:not(#tongban-print){display:none!important}#tongban-print{display:block}}';
  const previousTitle = document.title;
  document.title = title;
  document.body.append(style, container);
  try {
    window.print();
  } finally {
    container.remove();
    style.remove();
    document.title = previousTitle;
  }
}

function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
