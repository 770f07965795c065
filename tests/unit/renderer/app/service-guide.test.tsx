// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { seedCatalogue } from '../../../../shared/catalogue/seed/index.ts';
import { ServicesProvider } from '../../../../renderer/app/services-context.tsx';
import type { CounterServices } from '../../../../renderer/app/services.ts';
import { ServiceGuide } from '../../../../renderer/app/ServiceGuide.tsx';
import type { TongbanDatabase } from '../../../../renderer/db/create-database.ts';
import { initI18n } from '../../../../renderer/i18n/index.ts';
import { counterDatabase, resetIntakeEnvironment } from '../features/intake/harness.tsx';

const WAIT = { timeout: 10_000 };

async function renderGuide(db: TongbanDatabase) {
  await initI18n('zh-CN');
  const services = { db } as unknown as CounterServices;
  return render(
    <ServicesProvider services={services}>
      <ServiceGuide />
    </ServicesProvider>,
  );
}

const rowOf = (nameZh: string) => screen.getByText(nameZh).closest('tr') as HTMLElement;

describe('the service guide (办事指南)', () => {
  let db: TongbanDatabase;

  beforeEach(async () => {
    resetIntakeEnvironment();
    db = await counterDatabase();
  });
  afterEach(async () => {
    cleanup();
    await db.close();
    resetIntakeEnvironment();
  });

  it('shows the fees, time limits and active items of the catalogue in this counter’s database, as they change', async () => {
    const user = userEvent.setup();
    const activeInSeed = seedCatalogue.items.filter((item) => item.active).length;
    await renderGuide(db);
    await screen.findByText(`共 ${activeInSeed} 项服务 ${activeInSeed} services`, undefined, WAIT);

    // The bureau's own catalogue, pulled from the hub: another fee and time limit for 换发, 首次申领 retired.
    const renew = (await db.services.findOne('EE-PASSPORT-RENEW').exec())!;
    await renew.incrementalPatch({
      fee: { ...renew.toMutableJSON().fee, amountFen: 15_000 },
      timeLimits: [{ kind: 'promised', value: 3, unit: '工作日', verified: true }],
    });
    await (await db.services.findOne('EE-PASSPORT-FIRST').exec())!.incrementalPatch({ active: false });

    await screen.findByText(`共 ${activeInSeed - 1} 项服务 ${activeInSeed - 1} services`, undefined, WAIT);
    await user.type(screen.getByRole('textbox', { name: '搜索事项 Search services' }), '护照');
    const renewName = renew.toJSON().name.zh;
    await waitFor(() => expect(screen.getByText(renewName)).toBeTruthy(), WAIT);
    expect(within(rowOf(renewName)).getByText('¥150.00')).toBeTruthy();
    expect(within(rowOf(renewName)).getByText('承诺 3工作日')).toBeTruthy();
    expect(screen.queryByText('普通护照首次申领')).toBeNull();
  });

  it('says, Chinese first, that the counter has no catalogue yet when its local database holds none', async () => {
    await db.services.find().remove();
    await renderGuide(db);
    const notice = await screen.findByTestId('no-catalogue', undefined, WAIT);
    expect(notice.textContent).toBe(
      '本机尚无事项目录：请先连接主岛服务器同步一次。 This counter has no service catalogue yet: connect to the hub once to sync it.',
    );
    expect(screen.queryByText(/正在读取本机事项目录/)).toBeNull();
  });
});
