// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { StartingScreen } from '../../../../renderer/app/StartingScreen.tsx';
import { initI18n } from '../../../../renderer/i18n/index.ts';
import { resetAppStore, useAppStore } from '../../../../renderer/store/index.ts';

const setMigration = (progress: { collection: string; handled: number; total: number } | null) =>
  act(() => useAppStore.getState().startup.setMigration(progress));

describe('the start screen', () => {
  beforeEach(() => {
    localStorage.clear();
    resetAppStore();
  });
  afterEach(() => {
    cleanup();
    resetAppStore();
  });

  it('says the database is opening while no upgrade runs', async () => {
    await initI18n('zh-CN');
    render(<StartingScreen />);
    expect(screen.getByRole('status').textContent).toBe('正在打开本机数据库…');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows an upgrade’s progress in Chinese, then English, and follows it to the end', async () => {
    await initI18n('zh-CN');
    render(<StartingScreen />);
    setMigration({ collection: 'cases', handled: 12_000, total: 100_000 });

    const bar = screen.getByRole('progressbar', { name: '本地数据升级进度' });
    expect(bar.getAttribute('value')).toBe('12000');
    expect(bar.getAttribute('max')).toBe('100000');
    expect(bar.getAttribute('aria-valuetext')).toBe('12%');
    const status = screen.getByRole('status');
    expect(status.querySelector('[lang="zh-CN"]')?.textContent).toBe(
      '正在升级本地数据（案件）：12,000 / 100,000 条记录（12%），请勿关闭本机',
    );
    expect(status.querySelector('[lang="en"]')?.textContent).toBe(
      'Upgrading local data (Cases): 12,000 of 100,000 records (12%) — do not switch off',
    );
    // Chinese first, whatever the interface language.
    expect(status.textContent!.indexOf('正在升级')).toBeLessThan(status.textContent!.indexOf('Upgrading'));

    // 99.9% is not done yet.
    setMigration({ collection: 'cases', handled: 99_900, total: 100_000 });
    expect(screen.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('99%');
    setMigration({ collection: 'cases', handled: 100_000, total: 100_000 });
    expect(screen.getByRole('progressbar').getAttribute('value')).toBe('100000');
    expect(screen.getByRole('status').textContent).toContain('（案件）：100,000 / 100,000 条记录（100%）');

    // The upgrade is over; the database opens.
    setMigration(null);
    expect(screen.getByRole('status').textContent).toBe('正在打开本机数据库…');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('keeps Chinese first when the officer chose English', async () => {
    await initI18n('en');
    render(<StartingScreen />);
    setMigration({ collection: 'cases', handled: 0, total: 3_002 });
    expect(screen.getByRole('progressbar', { name: 'Local data upgrade progress' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      '正在升级本地数据（案件）：0 / 3,002 条记录（0%），请勿关闭本机 Upgrading local data (Cases): 0 of 3,002 records (0%) — do not switch off',
    );
  });
});
