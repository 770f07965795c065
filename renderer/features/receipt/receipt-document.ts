import { ID_DOCUMENT_NAMES, type LocalizedText } from '../../../shared/domain/identity/index.ts';
import { formatYuanWithSign } from '../../../shared/domain/money.ts';
import { BUSINESS_TYPE_NAMES, type Case, type ServiceItem, type Site } from '../../../shared/schemas/index.ts';
import { overridesOf } from '../../../shared/domain/case/index.ts';
import { progressCheckCode, progressQrPayload } from './progress-code.ts';

/**
 * The acceptance receipt (受理回执) as content, always bilingual with Chinese first: the screen, the printed page
 * (receipt-html.ts) and the PDF copy (receipt-pdf.ts) all lay out this one object, so they never say different
 * things. Built from the saved case, so a reprint later shows what was recorded, not what the form held.
 */

export interface ReceiptItem {
  serviceCode: string;
  name: LocalizedText;
  fee: string;
  feeOption: LocalizedText | null;
  route: LocalizedText;
  due: string | null;
  received: LocalizedText[];
  missing: Array<LocalizedText & { optional: boolean }>;
}

export interface ReceiptDocument {
  caseId: string;
  caseNumber: string;
  acceptedAt: string;
  site: LocalizedText;
  counter: number;
  officer: string;
  applicant: { name: string; document: LocalizedText; maskedNumber: string; mobile: string };
  items: ReceiptItem[];
  total: string;
  paid: LocalizedText;
  dueDate: string | null;
  collect: LocalizedText[];
  overrides: LocalizedText[];
  ticket: string | null;
  checkCode: string;
  qrPayload: string;
}

const ROUTE_NAMES: Record<'on-the-spot' | 'usually-on-the-spot' | 'back-office', LocalizedText> = {
  'on-the-spot': { zh: '当场办结', en: 'done on the spot' },
  'usually-on-the-spot': { zh: '当场办结', en: 'done on the spot' },
  'back-office': { zh: '转主岛审批', en: 'forwarded to the main island' },
};

const PAYMENT_NAMES: Record<string, LocalizedText> = {
  cash: { zh: '现金', en: 'cash' },
  card: { zh: '银行卡', en: 'bank card' },
  mobile: { zh: '移动支付', en: 'mobile payment' },
  waived: { zh: '减免', en: 'waived' },
};

/** The receipt goes home with the citizen: the middle of the ID number and of the phone is not printed. */
export function maskNumber(value: string): string {
  if (value.length <= 6) return value;
  const keepStart = value.length >= 15 ? 6 : 2;
  return `${value.slice(0, keepStart)}${'*'.repeat(value.length - keepStart - 4)}${value.slice(-4)}`;
}

function formatBureauTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

export interface ReceiptSources {
  saved: Case;
  services: ReadonlyMap<string, ServiceItem>;
  site: Site | null;
  officerName: string;
  /** Names of the officers this counter knows, by id, for the supervisors of the case's overrides. */
  officerNames?: ReadonlyMap<string, string>;
  ticketNumber?: string | null;
}

export function buildReceipt({
  saved,
  services,
  site,
  officerName,
  officerNames = new Map(),
  ticketNumber,
}: ReceiptSources): ReceiptDocument {
  const siteName: LocalizedText = site
    ? { zh: site.name.zh, en: site.name.en }
    : { zh: saved.siteCode, en: saved.siteCode };
  const items = saved.items.map((item): ReceiptItem => {
    const service = services.get(item.serviceCode);
    const materials = service?.materials ?? [];
    const nameOf = (code: string): LocalizedText => {
      const material = materials.find((candidate) => candidate.code === code);
      return material ? { zh: material.name.zh, en: material.name.en } : { zh: code, en: code };
    };
    const option = service?.fee.options.find((candidate) => candidate.code === item.feeOptionCode);
    return {
      serviceCode: item.serviceCode,
      name: service ? { zh: service.name.zh, en: service.name.en } : { zh: item.serviceCode, en: item.serviceCode },
      fee: formatYuanWithSign(item.feeFen),
      feeOption: option ? { zh: option.name.zh, en: option.name.en } : null,
      route: ROUTE_NAMES[item.route],
      due: item.dueDate ?? null,
      received: item.materials.filter((m) => m.received).map((m) => nameOf(m.code)),
      missing: item.materials
        .filter((m) => !m.received)
        .map((m) => ({
          ...nameOf(m.code),
          optional: materials.find((candidate) => candidate.code === m.code)?.required === false,
        })),
    };
  });

  const backOffice = saved.items.some((item) => item.route === 'back-office');
  const onTheSpot = saved.items.some((item) => item.route !== 'back-office');
  const collect: LocalizedText[] = [];
  if (onTheSpot)
    collect.push({
      zh: `当场办结的事项在${siteName.zh} ${saved.counter} 号窗口当场领取`,
      en: `Items done on the spot: collect them now at counter ${saved.counter}, ${siteName.en}`,
    });
  if (backOffice)
    collect.push({
      zh: `转主岛审批的事项：主岛审批通过后到${siteName.zh}领取`,
      en: `Items forwarded to the main island: collect at ${siteName.en} after the main island approves`,
    });

  const lastPayment = [...saved.events].reverse().find((event) => event.type === 'payment-recorded');
  const method = lastPayment?.type === 'payment-recorded' ? PAYMENT_NAMES[lastPayment.method] : undefined;
  const paid: LocalizedText =
    saved.totalFeeFen === 0
      ? { zh: '无需收费', en: 'nothing to pay' }
      : saved.paidFen >= saved.totalFeeFen
        ? {
            zh: `已收 ${formatYuanWithSign(saved.paidFen)}（${method?.zh ?? ''}）`,
            en: `paid ${formatYuanWithSign(saved.paidFen)} (${method?.en ?? ''})`,
          }
        : {
            zh: `未收费，应收 ${formatYuanWithSign(saved.totalFeeFen - saved.paidFen)}`,
            en: `not paid yet: ${formatYuanWithSign(saved.totalFeeFen - saved.paidFen)} due`,
          };

  return {
    caseId: saved.id,
    caseNumber: saved.caseNumber,
    acceptedAt: formatBureauTime(saved.acceptedAt),
    site: siteName,
    counter: saved.counter,
    officer: officerName,
    applicant: {
      name: saved.applicant.name,
      document: ID_DOCUMENT_NAMES[saved.applicant.idType],
      maskedNumber: maskNumber(saved.applicant.idNumber),
      mobile: saved.applicant.mobile ? maskNumber(saved.applicant.mobile) : '',
    },
    items,
    total: formatYuanWithSign(saved.totalFeeFen),
    paid,
    dueDate: saved.dueDate || null,
    collect,
    // Read from the case's own log, so a reprint anywhere the case went shows the same authorisations.
    overrides: overridesOf(saved.events).map((event) => {
      const supervisor = officerNames.get(event.supervisorId) ?? event.supervisorId;
      return {
        zh: `「${BUSINESS_TYPE_NAMES[event.businessType].zh}」事项经值班领导 ${supervisor} 授权受理（${formatBureauTime(event.authorisedAt)}）`,
        en: `${BUSINESS_TYPE_NAMES[event.businessType].en} accepted with the authorisation of supervisor ${supervisor} (${formatBureauTime(event.authorisedAt)})`,
      };
    }),
    ticket: ticketNumber ?? null,
    checkCode: progressCheckCode(saved.id),
    qrPayload: progressQrPayload(saved.caseNumber, saved.id),
  };
}
