// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { acceptCase } from '../../../../../shared/domain/case/index.ts';
import type { Officer, ServiceItem, Site } from '../../../../../shared/schemas/index.ts';
import { ServicesProvider } from '../../../../../renderer/app/services-context.tsx';
import type { CounterServices } from '../../../../../renderer/app/services.ts';
import type { TongbanDatabase } from '../../../../../renderer/db/create-database.ts';
import { CaseDetail } from '../../../../../renderer/features/cases/CaseDetail.tsx';
import type { CaseReferenceData } from '../../../../../renderer/features/cases/use-case-data.ts';
import { initI18n } from '../../../../../renderer/i18n/index.ts';
import { useAppStore } from '../../../../../renderer/store/index.ts';
import { residentId } from '../../../../helpers/cases.ts';
import { counterDatabase, resetIntakeEnvironment } from '../intake/harness.tsx';

const WAIT = { timeout: 10_000 };

/** What the case screen reads from the counter's database: the catalogue, the sites and the site's officers. */
async function referenceOf(db: TongbanDatabase): Promise<CaseReferenceData> {
  const json = async <T,>(docs: Promise<{ toJSON(): unknown }[]>) => (await docs).map((doc) => doc.toJSON() as T);
  const services = await json<ServiceItem>(db.services.find().exec());
  const sites = await json<Site>(db.sites.find().exec());
  const officers = await json<Officer>(db.officers.find().exec());
  return {
    services: new Map(services.map((s) => [s.code, s])),
    sites: new Map(sites.map((s) => [s.code, s])),
    officers: new Map(officers.map((o) => [o.id, o])),
  };
}

describe('the case detail', () => {
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

  it('shows a supervisor override from the case’s own log, in its notes and as a line of its history', async () => {
    await initI18n('zh-CN');
    const officers = await referenceOf(db);
    const overridden = acceptCase({
      caseNumber: 'DX-20261126-01-0042',
      siteCode: 'DX',
      counter: 1,
      officerId: 'lin-hai',
      at: '2026-11-26T02:00:00.000Z',
      applicant: {
        idType: 'resident-id',
        idNumber: residentId(42),
        name: '林晓梅',
        mobile: '13950123456',
        address: '平潭县东庠乡',
      },
      items: [
        {
          serviceCode: 'TR-DL-RENEW',
          feeFen: 1000,
          route: 'back-office',
          dueDate: '2026-12-03',
          materials: [{ code: 'id-card', received: true }],
        },
      ],
      overrides: [
        {
          supervisorId: 'chen-lan',
          businessType: 'traffic',
          serviceCodes: ['TR-DL-RENEW'],
          authorisedAt: '2026-11-26T01:59:30.000Z',
        },
      ],
      officers: officers.officers,
    });
    await db.cases.insert(overridden);
    useAppStore.getState().device.setDevice({
      shell: 'web',
      siteCode: 'DX',
      counterNumber: 1,
      deviceId: 'dev-test',
      hubUrl: 'http://hub',
    });
    const services = { db, platform: { shell: 'web', counterNumber: 1 } } as unknown as CounterServices;
    render(
      <ServicesProvider services={services}>
        <CaseDetail caseId={overridden.id} reference={officers} onBack={() => undefined} />
      </ServicesProvider>,
    );

    const notes = await screen.findByTestId('case-override-notes', undefined, WAIT);
    expect(notes.textContent).toContain('值班领导 陈岚 (chen-lan) 于');
    expect(notes.textContent).toContain('授权 林海 (lin-hai) 受理「交管」事项（TR-DL-RENEW）');
    const history = screen.getByTestId('case-history');
    const row = history.querySelector('tr[data-event="authorisation-overridden"]') as HTMLElement;
    expect(within(row).getByText('值班领导授权受理')).toBeTruthy();
    expect(row.textContent).toContain('值班领导 陈岚 (chen-lan) 于');
    expect(row.textContent).toContain('授权受理「交管」事项：TR-DL-RENEW');
    // The override changes nothing else: the case is simply accepted.
    expect(screen.getByTestId('case-detail').textContent).toContain('已受理');
  });

  it('shows no override notes for a case without one', async () => {
    await initI18n('zh-CN');
    const reference = await referenceOf(db);
    const plain = acceptCase({
      caseNumber: 'DX-20261126-01-0043',
      siteCode: 'DX',
      counter: 1,
      officerId: 'lin-hai',
      at: '2026-11-26T02:00:00.000Z',
      applicant: { idType: 'resident-id', idNumber: residentId(43), name: '陈海生', mobile: '', address: '' },
      items: [{ serviceCode: 'HR-IDCARD-RENEW', feeFen: 2000, route: 'on-the-spot', materials: [] }],
    });
    await db.cases.insert(plain);
    const services = { db, platform: { shell: 'web', counterNumber: 1 } } as unknown as CounterServices;
    render(
      <ServicesProvider services={services}>
        <CaseDetail caseId={plain.id} reference={reference} onBack={() => undefined} />
      </ServicesProvider>,
    );
    await screen.findByTestId('case-history', undefined, WAIT);
    expect(screen.queryByTestId('case-override-notes')).toBeNull();
    expect(screen.getByTestId('case-history').querySelector('tr[data-event="authorisation-overridden"]')).toBeNull();
  });
});
