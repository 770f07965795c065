import type { RxCollection } from 'rxdb';
import {
  approveCase,
  cancelCase,
  caseError,
  completeCase,
  correctField,
  forwardToBackOffice,
  markReadyForPickup,
  receiveMaterials,
  recordPayment,
  rejectCase,
  requestMaterials,
  type Actor,
  type CommandClock,
  type TransitionEventType,
} from '../../../shared/domain/case/index.ts';
import { validateIdDocument, validateMainlandMobile } from '../../../shared/domain/identity/index.ts';
import {
  ID_DOCUMENT_TYPES,
  type Case,
  type CaseEvent,
  type IdDocumentType,
  type PAYMENT_METHODS,
} from '../../../shared/schemas/index.ts';
import { checkAddress, checkName } from '../intake/intake-model.ts';

/**
 * The actions an officer takes on a case from its detail, as data: what the form collected. Each is applied with
 * the shared domain command (never by editing fields), so the state machine, the roles and the event log rules are
 * the ones every replica and the hub apply.
 */
export type CaseActionInput =
  | { type: 'materials-requested'; materialCodes: string[]; note: string }
  | { type: 'materials-received'; materialCodes: string[] }
  | { type: 'forwarded'; toSiteCode: string; note: string }
  | { type: 'approved'; note: string }
  | { type: 'rejected'; reason: string }
  | { type: 'ready-for-pickup'; pickupSiteCode: string }
  | { type: 'completed' }
  | { type: 'cancelled'; reason: string }
  | {
      type: 'field-corrected';
      field: Extract<CaseEvent, { type: 'field-corrected' }>['field'];
      value: string;
      reason: string;
    }
  | {
      /** The document type and number corrected together, checked as a pair: one field-corrected event for each. */
      type: 'field-corrected';
      field: typeof ID_DOCUMENT_CORRECTION;
      idType: string;
      idNumber: string;
      reason: string;
    }
  | {
      type: 'payment-recorded';
      amountFen: number;
      method: (typeof PAYMENT_METHODS)[number];
      receiptNumber?: string;
    };

// Every event type the detail offers has an input here; the compiler keeps the two lists together.
type Covered = CaseActionInput['type'];
const _covered: Record<TransitionEventType, Covered> = {
  'materials-requested': 'materials-requested',
  'materials-received': 'materials-received',
  forwarded: 'forwarded',
  approved: 'approved',
  rejected: 'rejected',
  'ready-for-pickup': 'ready-for-pickup',
  completed: 'completed',
  cancelled: 'cancelled',
  'field-corrected': 'field-corrected',
  'payment-recorded': 'payment-recorded',
};
void _covered;

/** The correction of the applicant's document as a whole (type and number), not a field of the event schema. */
export const ID_DOCUMENT_CORRECTION = 'applicant.idDocument';

/**
 * A corrected document type and number, checked as a pair the way intake checks them (a resident ID card wrongly
 * recorded for a passport holder needs both changed at once: either alone would not fit the other). Returns what
 * changes, normalised; throws a CaseDomainError ('invalid-correction') when the pair is not valid or nothing changes.
 */
export function normaliseIdDocumentCorrection(
  current: Case,
  idType: string,
  idNumber: string,
): { idType?: IdDocumentType; idNumber?: string } {
  const refuse = (message: { zh: string; en: string }): never => {
    throw caseError('invalid-correction', message.zh, message.en);
  };
  if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(idType))
    refuse({ zh: `未知的证件类型：${idType}`, en: `Unknown document type: ${idType}` });
  const type = idType as IdDocumentType;
  const checked = validateIdDocument(type, idNumber);
  if (!checked.ok) return refuse(checked.message);
  const changes = {
    ...(type === current.applicant.idType ? {} : { idType: type }),
    ...(checked.value === current.applicant.idNumber ? {} : { idNumber: checked.value }),
  };
  if (changes.idType === undefined && changes.idNumber === undefined)
    refuse({
      zh: '证件类型和号码与案件中的相同，无需更正',
      en: 'The document type and number are the same as in the case; there is nothing to correct.',
    });
  return changes;
}

/**
 * A correction's value, checked and normalised the way intake checks it: an ID number against its document type
 * (check digit, format), a mobile number as a mainland mobile, a name present and a name or address within the
 * schema's length (intake's own checks and words, rather than the projection's generic refusal). Returns the value to
 * record, or throws a CaseDomainError ('invalid-correction') with the validator's own words.
 */
export function normaliseCorrection(
  current: Case,
  field: Extract<CaseEvent, { type: 'field-corrected' }>['field'],
  value: string,
): string {
  const refuse = (message: { zh: string; en: string }) => {
    throw caseError('invalid-correction', message.zh, message.en);
  };
  switch (field) {
    case 'applicant.idNumber': {
      const checked = validateIdDocument(current.applicant.idType, value);
      if (!checked.ok) refuse(checked.message);
      return (checked as { value: string }).value;
    }
    case 'applicant.idType': {
      if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(value))
        refuse({ zh: `未知的证件类型：${value}`, en: `Unknown document type: ${value}` });
      const checked = validateIdDocument(value as IdDocumentType, current.applicant.idNumber);
      if (!checked.ok) refuse(checked.message);
      return value;
    }
    case 'applicant.mobile': {
      if (value.trim() === '') return '';
      const checked = validateMainlandMobile(value);
      if (!checked.ok) refuse(checked.message);
      return (checked as { value: string }).value;
    }
    case 'applicant.name':
    case 'applicant.address': {
      const problem = field === 'applicant.name' ? checkName(value) : checkAddress(value);
      if (problem) refuse(problem);
      return value.trim();
    }
  }
}

/** Applies one action with its domain command; throws CaseDomainError (nothing changes) when it is refused. */
export function applyCaseAction(current: Case, actor: Actor, input: CaseActionInput, clock?: CommandClock): Case {
  switch (input.type) {
    case 'materials-requested':
      return requestMaterials(current, actor, { materialCodes: input.materialCodes, note: input.note.trim() }, clock);
    case 'materials-received':
      return receiveMaterials(current, actor, input.materialCodes, clock);
    case 'forwarded':
      return forwardToBackOffice(current, actor, { toSiteCode: input.toSiteCode, note: input.note.trim() }, clock);
    case 'approved':
      return approveCase(current, actor, input.note.trim(), clock);
    case 'rejected':
      return rejectCase(current, actor, input.reason.trim(), clock);
    case 'ready-for-pickup':
      return markReadyForPickup(current, actor, input.pickupSiteCode, clock);
    case 'completed':
      return completeCase(current, actor, clock);
    case 'cancelled':
      return cancelCase(current, actor, input.reason.trim(), clock);
    case 'field-corrected': {
      if (input.field === ID_DOCUMENT_CORRECTION) {
        // Both events go into the case in one write (recordCaseAction), so no replica or the hub ever holds the one
        // without the other; the projection accepts the type before the number, and the pair after both.
        const changes = normaliseIdDocumentCorrection(current, input.idType, input.idNumber);
        const reason = input.reason.trim();
        let next = current;
        if (changes.idType !== undefined)
          next = correctField(next, actor, { field: 'applicant.idType', value: changes.idType, reason }, clock);
        if (changes.idNumber !== undefined)
          next = correctField(next, actor, { field: 'applicant.idNumber', value: changes.idNumber, reason }, clock);
        return next;
      }
      return correctField(
        current,
        actor,
        {
          field: input.field,
          value: normaliseCorrection(current, input.field, input.value),
          reason: input.reason.trim(),
        },
        clock,
      );
    }
    case 'payment-recorded':
      return recordPayment(
        current,
        actor,
        {
          amountFen: input.amountFen,
          method: input.method,
          ...(input.receiptNumber?.trim() ? { receiptNumber: input.receiptNumber.trim() } : {}),
        },
        clock,
      );
  }
}

/**
 * Records an action on the stored case. The command runs first on the case as read, so a refusal costs no write;
 * then inside `incrementalModify`, on the newest local state (a change pulled from the hub meanwhile is built upon,
 * not overwritten, and the command may still refuse). Replication pushes the new log; the hub and other replicas
 * merge it by the union of events.
 */
export async function recordCaseAction(
  cases: RxCollection<Case>,
  caseId: string,
  actor: Actor,
  input: CaseActionInput,
  clock?: CommandClock,
): Promise<Case> {
  const doc = await cases.findOne(caseId).exec();
  if (!doc)
    throw caseError('invalid-case', `本机找不到案件（${caseId}）`, `Case ${caseId} is not in this machine's database.`);
  applyCaseAction(doc.getLatest().toMutableJSON() as Case, actor, input, clock);
  const written = await doc.incrementalModify((data) => {
    const { _deleted, ...current } = data as Case & { _deleted?: boolean };
    const next = applyCaseAction(current as Case, actor, input, clock);
    return { ...next, ...(_deleted === undefined ? {} : { _deleted }) } as typeof data;
  });
  return written.toMutableJSON() as Case;
}
