import { describe, expect, it } from 'vitest';
import { forwardRendererErrors } from '../../../../renderer/platform/forward-errors.ts';
import type { RendererErrorReport } from '../../../../shared/ipc/bridge.ts';

describe('forwardRendererErrors', () => {
  it('reports uncaught errors and unhandled rejections with their stacks, until stopped', () => {
    const reports: RendererErrorReport[] = [];
    const target = new EventTarget();
    const stop = forwardRendererErrors({ reportError: (report) => reports.push(report) }, target as unknown as Window);
    const error = new Error('x is undefined');
    target.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught Error: x is undefined', error }));
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: new Error('sync failed') }));
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'plain text' }));
    stop();
    target.dispatchEvent(Object.assign(new Event('error'), { message: 'after stop' }));
    expect(reports).toEqual([
      { source: 'window.onerror', message: 'Uncaught Error: x is undefined', stack: error.stack },
      { source: 'unhandledrejection', message: 'sync failed', stack: expect.stringContaining('sync failed') },
      { source: 'unhandledrejection', message: 'plain text' },
    ]);
  });
});
