import type { TongbanBridge } from '../../shared/ipc/bridge.ts';

/**
 * Sends the page's uncaught errors and unhandled promise rejections to the app's log through the bridge, so a
 * technician's diagnostics export shows what went wrong on a screen nobody was watching. Returns the function that
 * stops it.
 */
export function forwardRendererErrors(
  bridge: Pick<TongbanBridge, 'reportError'>,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
): () => void {
  const onError = (event: Event) => {
    const { message, error, filename, lineno } = event as ErrorEvent;
    bridge.reportError({
      source: 'window.onerror',
      message: message || String(error),
      stack: (error as Error | undefined)?.stack ?? `${filename ?? ''}:${lineno ?? ''}`,
    });
  };
  const onRejection = (event: Event) => {
    const reason = (event as PromiseRejectionEvent).reason as unknown;
    bridge.reportError({
      source: 'unhandledrejection',
      message: reason instanceof Error ? reason.message : String(reason),
      ...(reason instanceof Error && reason.stack ? { stack: reason.stack } : {}),
    });
  };
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
