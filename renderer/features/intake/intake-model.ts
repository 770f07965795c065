/**
 * The intake form as data: what the officer has typed and picked (the draft), and the pure functions that turn it
 * into case items, fees, due dates, authorisation checks and field errors. The components render this; the save
 * (save-case.ts) turns a valid draft into a case. Nothing here touches React, the database or the clock unless the
 * caller passes it in, so the component tests and the save agree by construction.
 */
import {
  calendarStatus,
  dueDate,
  pickTimeLimit,
  unknownCalendarYears,
  type CalendarStatus,
  type HolidayCalendar,
} from '../../../shared/domain/calendar/index.ts';
import {
  validateIdDocument,
  validateMainlandMobile,
  type IdDocumentValidation,
  type LocalizedText,
  type MobileValidation,
} from '../../../shared/domain/identity/index.ts';
import { sumFen } from '../../../shared/domain/money.ts';
import type { PAYMENT_METHODS } from '../../../shared/schemas/index.ts';
import {
  BUSINESS_TYPE_NAMES,
  type Applicant,
  type BusinessType,
  type CaseItem,
  type FeeOption,
  type IdDocumentType,
  type ServiceItem,
  type ServiceRoute,
  type TimeLimit,
} from '../../../shared/schemas/index.ts';

export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** What the officer typed about the applicant, as typed (the validators normalise it when it is checked). */
export interface DraftApplicant {
  idType: IdDocumentType;
  idNumber: string;
  name: string;
  mobile: string;
  address: string;
  /** True when the fields were filled by the ID-card reader (the officer may still edit them). */
  fromCard: boolean;
}

/** The officer's route decision: an item the catalogue marks "usually on the spot" may still go to the main island. */
export type ChosenRoute = Extract<ServiceRoute, 'on-the-spot' | 'back-office'>;

export interface DraftItem {
  serviceCode: string;
  /** The picked fee option; null when the item has one price. */
  feeOptionCode: string | null;
  route: ChosenRoute;
  /** Material code → ticked as received. Materials not listed count as not received. */
  received: Record<string, boolean>;
}

/** A supervisor's permission, given at this counter with their PIN, to accept one business type in this case. */
export interface AuthorisationOverride {
  businessType: BusinessType;
  supervisorId: string;
  supervisorName: string;
  at: string;
}

export interface IntakeDraft {
  applicant: DraftApplicant;
  items: DraftItem[];
  overrides: AuthorisationOverride[];
  payment: { collected: boolean; method: PaymentMethod };
}

export const emptyDraft = (): IntakeDraft => ({
  applicant: { idType: 'resident-id', idNumber: '', name: '', mobile: '', address: '', fromCard: false },
  items: [],
  overrides: [],
  payment: { collected: false, method: 'cash' },
});

export const isDraftEmpty = (draft: IntakeDraft): boolean =>
  draft.items.length === 0 &&
  draft.applicant.idNumber.trim() === '' &&
  draft.applicant.name.trim() === '' &&
  draft.applicant.mobile.trim() === '' &&
  draft.applicant.address.trim() === '';

// ---------------------------------------------------------------------------------------------------------------
// Items

/** The fee option an item starts with: the one charging the catalogue's default amount, else the first. */
export function defaultFeeOption(service: ServiceItem): FeeOption | null {
  const { options, amountFen } = service.fee;
  if (options.length === 0) return null;
  return options.find((option) => option.amountFen === amountFen) ?? options[0] ?? null;
}

/** The route an item starts with: the catalogue's, with "usually on the spot" taken as on the spot. */
export const defaultRoute = (service: ServiceItem): ChosenRoute =>
  service.route === 'back-office' ? 'back-office' : 'on-the-spot';

export function newDraftItem(service: ServiceItem): DraftItem {
  return {
    serviceCode: service.code,
    feeOptionCode: defaultFeeOption(service)?.code ?? null,
    route: defaultRoute(service),
    received: Object.fromEntries(service.materials.map((material) => [material.code, false])),
  };
}

/** Whether the officer may choose the route: only for items the catalogue says are usually, not always, on the spot. */
export const routeIsChoosable = (service: ServiceItem): boolean => service.route === 'usually-on-the-spot';

export function itemFeeFen(service: ServiceItem, item: Pick<DraftItem, 'feeOptionCode'>): number {
  if (item.feeOptionCode === null) return service.fee.amountFen;
  const option = service.fee.options.find((candidate) => candidate.code === item.feeOptionCode);
  return option ? option.amountFen : service.fee.amountFen;
}

/** The total of the items' fees, exact in fen. */
export function totalFeeFen(draft: Pick<IntakeDraft, 'items'>, services: ReadonlyMap<string, ServiceItem>): number {
  return sumFen(
    draft.items.map((item) => {
      const service = services.get(item.serviceCode);
      return service ? itemFeeFen(service, item) : 0;
    }),
  );
}

export interface ItemSchedule {
  /** The limit the due date comes from (promised before statutory), or undefined when the item has none. */
  limit: TimeLimit | undefined;
  /** Undefined for items done on the spot, or with no limit, or a limit of 0 days. */
  dueDate: string | undefined;
  /**
   * Years between today and the due date whose holiday arrangements are not official yet (only for 工作日 limits,
   * where the count depends on them), with their status: statutory-only (provisional) or unknown (weekends only).
   */
  calendarWarnings: Array<{ year: number; status: Exclude<CalendarStatus, 'official'> }>;
}

/** When an item is due, computed from its time limit and the holiday calendar on the day of acceptance. */
export function itemSchedule(
  service: ServiceItem,
  route: ChosenRoute,
  acceptedOn: string,
  calendar: HolidayCalendar,
): ItemSchedule {
  const limit = pickTimeLimit(service.timeLimits);
  if (!limit || route === 'on-the-spot' || limit.value === 0)
    return { limit, dueDate: undefined, calendarWarnings: [] };
  const due = dueDate(acceptedOn, limit, calendar);
  const calendarWarnings =
    limit.unit === '工作日'
      ? unknownCalendarYears(acceptedOn, due, calendar).map((year) => ({
          year,
          status: calendarStatus(year, calendar) as Exclude<CalendarStatus, 'official'>,
        }))
      : [];
  return { limit, dueDate: due, calendarWarnings };
}

/** The case items the draft describes, in the order they were added. */
export function toCaseItems(
  draft: Pick<IntakeDraft, 'items'>,
  services: ReadonlyMap<string, ServiceItem>,
  acceptedOn: string,
  calendar: HolidayCalendar,
): CaseItem[] {
  return draft.items.flatMap((item) => {
    const service = services.get(item.serviceCode);
    if (!service) return [];
    const schedule = itemSchedule(service, item.route, acceptedOn, calendar);
    const caseItem: CaseItem = {
      serviceCode: service.code,
      feeFen: itemFeeFen(service, item),
      route: item.route,
      materials: service.materials.map((material) => ({
        code: material.code,
        received: item.received[material.code] === true,
      })),
    };
    if (item.feeOptionCode !== null) caseItem.feeOptionCode = item.feeOptionCode;
    if (schedule.dueDate !== undefined) caseItem.dueDate = schedule.dueDate;
    return [caseItem];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Authorisation (业务授权)

export interface OfficerAuthorisation {
  authorisedBusinessTypes: readonly BusinessType[];
}

/** Business types of the draft's items that the officer holds no authorisation for and no supervisor has overridden. */
export function refusedBusinessTypes(
  draft: Pick<IntakeDraft, 'items' | 'overrides'>,
  services: ReadonlyMap<string, ServiceItem>,
  officer: OfficerAuthorisation,
): BusinessType[] {
  const refused = new Set<BusinessType>();
  for (const item of draft.items) {
    const type = services.get(item.serviceCode)?.businessType;
    if (!type || officer.authorisedBusinessTypes.includes(type)) continue;
    if (draft.overrides.some((override) => override.businessType === type)) continue;
    refused.add(type);
  }
  return [...refused];
}

/** Overrides still needed by an item of the draft (an override for a type whose items were removed is dropped). */
export function overridesInUse(
  draft: Pick<IntakeDraft, 'items' | 'overrides'>,
  services: ReadonlyMap<string, ServiceItem>,
): AuthorisationOverride[] {
  const types = new Set(draft.items.map((item) => services.get(item.serviceCode)?.businessType));
  return draft.overrides.filter((override) => types.has(override.businessType));
}

export const notAuthorisedMessage = (type: BusinessType): LocalizedText => ({
  zh: `您没有「${BUSINESS_TYPE_NAMES[type].zh}」业务授权，不能受理此事项；请值班领导授权后再受理`,
  en: `You hold no authorisation for ${BUSINESS_TYPE_NAMES[type].en.toLowerCase()}, so you cannot accept this item; a supervisor must authorise it first`,
});

// ---------------------------------------------------------------------------------------------------------------
// Field checks

/** Where an error is shown; also the DOM id suffix of the field, so the error summary can move the focus there. */
export type FieldId = 'idNumber' | 'name' | 'mobile' | 'address' | 'items' | `item-${string}` | 'payment';

export interface FieldError {
  field: FieldId;
  /** A short name of the field for the summary ("证件号码 ID number"). */
  message: LocalizedText;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 300;

export function checkIdNumber(applicant: Pick<DraftApplicant, 'idType' | 'idNumber'>, today: string) {
  return validateIdDocument(applicant.idType, applicant.idNumber, { today });
}

/** Mobile numbers are optional: an applicant may have none. Returns null when the field is empty. */
export function checkMobile(mobile: string): MobileValidation | null {
  return mobile.trim() === '' ? null : validateMainlandMobile(mobile);
}

export function checkName(name: string): LocalizedText | null {
  const trimmed = name.trim();
  if (trimmed === '') return { zh: '请输入申请人姓名', en: "enter the applicant's name" };
  if (trimmed.length > MAX_NAME_LENGTH)
    return {
      zh: `姓名最多 ${MAX_NAME_LENGTH} 个字，实际 ${trimmed.length} 个`,
      en: `a name has at most ${MAX_NAME_LENGTH} characters, got ${trimmed.length}`,
    };
  return null;
}

export function checkAddress(address: string): LocalizedText | null {
  const trimmed = address.trim();
  if (trimmed.length > MAX_ADDRESS_LENGTH)
    return {
      zh: `地址最多 ${MAX_ADDRESS_LENGTH} 个字，实际 ${trimmed.length} 个`,
      en: `an address has at most ${MAX_ADDRESS_LENGTH} characters, got ${trimmed.length}`,
    };
  return null;
}

export interface DraftCheck {
  errors: FieldError[];
  /** The applicant as it will be stored (normalised numbers), when every applicant field is valid. */
  applicant: Applicant | null;
  idValidation: IdDocumentValidation;
}

/** Every problem that stops the save, each with the field it belongs to, in the order of the form. */
export function checkDraft(
  draft: IntakeDraft,
  services: ReadonlyMap<string, ServiceItem>,
  officer: OfficerAuthorisation,
  today: string,
): DraftCheck {
  const errors: FieldError[] = [];
  const { applicant } = draft;
  const idValidation = checkIdNumber(applicant, today);
  if (!idValidation.ok) errors.push({ field: 'idNumber', message: idValidation.message });
  const name = checkName(applicant.name);
  if (name) errors.push({ field: 'name', message: name });
  const mobile = checkMobile(applicant.mobile);
  if (mobile && !mobile.ok) errors.push({ field: 'mobile', message: mobile.message });
  const address = checkAddress(applicant.address);
  if (address) errors.push({ field: 'address', message: address });

  if (draft.items.length === 0) {
    errors.push({ field: 'items', message: { zh: '请至少添加一个办理事项', en: 'add at least one service item' } });
  }
  for (const item of draft.items) {
    const service = services.get(item.serviceCode);
    if (!service) {
      errors.push({
        field: `item-${item.serviceCode}`,
        message: {
          zh: `事项 ${item.serviceCode} 不在本机的事项目录中，请移除后重新添加`,
          en: `item ${item.serviceCode} is not in this counter's catalogue; remove it and add it again`,
        },
      });
    }
  }
  for (const type of refusedBusinessTypes(draft, services, officer)) {
    const first = draft.items.find((item) => services.get(item.serviceCode)?.businessType === type);
    errors.push({ field: `item-${first?.serviceCode ?? ''}`, message: notAuthorisedMessage(type) });
  }

  const stored: Applicant | null =
    idValidation.ok && !name && !(mobile && !mobile.ok) && !address
      ? {
          idType: applicant.idType,
          idNumber: idValidation.value,
          name: applicant.name.trim(),
          mobile: mobile?.ok ? mobile.value : '',
          address: applicant.address.trim(),
        }
      : null;
  return { errors, applicant: stored, idValidation };
}

/** Error codes that only say the number is not finished yet: not worth interrupting the officer while they type. */
export const INCOMPLETE_NUMBER_CODES: ReadonlySet<string> = new Set([
  'id-empty',
  'id-length',
  'document-empty',
  'document-length',
]);
