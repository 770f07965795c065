// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { seedCatalogue } from '../../../../../shared/catalogue/seed/index.ts';
import type { TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { counterDatabase, renderIntake, resetIntakeEnvironment } from './harness.tsx';

const WAIT = { timeout: 10_000 };

describe('intake on a counter whose local catalogue is empty (provisioned, not yet synced)', () => {
  let db: TongbanDatabase;

  beforeEach(async () => {
    resetIntakeEnvironment();
    db = await counterDatabase();
    await db.services.find().remove();
  });
  afterEach(async () => {
    cleanup();
    await db.close();
    resetIntakeEnvironment();
  });

  it('says, Chinese first, that there is no catalogue and the hub must be reached once, then offers it once synced', async () => {
    await renderIntake(db);
    const notice = await screen.findByTestId('no-catalogue', undefined, WAIT);
    expect(notice.textContent).toBe(
      '本机尚无事项目录：请先连接主岛服务器同步一次。 This counter has no service catalogue yet: connect to the hub once to sync it.',
    );
    expect(screen.queryByText('正在读取本机事项目录…')).toBeNull();
    const search = screen.getByRole('combobox', { name: '搜索事项' }) as HTMLInputElement;
    expect(search.disabled).toBe(true);

    // The first sync writes the catalogue: the notice goes and the search opens.
    await db.services.bulkInsert(seedCatalogue.items.map((item) => structuredClone(item)));
    await waitFor(() => expect(search.disabled).toBe(false), WAIT);
    expect(screen.queryByTestId('no-catalogue')).toBeNull();
  });
});
