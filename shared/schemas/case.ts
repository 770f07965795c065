import { z } from 'zod';
import {
  businessTypeSchema,
  fenSchema,
  idDocumentTypeSchema,
  isoInstantSchema,
  localDateSchema,
  serviceCodeSchema,
  siteCodeSchema,
  uuidSchema,
} from './common.ts';
import { serviceRouteSchema } from './catalogue.ts';

/** Case numbers are unique without the hub: site, date, counter, per-counter sequence (DX-20261126-02-0007). */
export const caseNumberSchema = z
  .string()
  .regex(/^[A-Z]{2}-\d{8}-\d{2}-\d{4,6}$/)
  .min(19)
  .max(21);

export const officerIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/)
  .min(1)
  .max(40);

export const applicantSchema = z.strictObject({
  idType: idDocumentTypeSchema,
  /** Normalised (upper-case X, no spaces) as the validators return it. */
  idNumber: z.string().min(1).max(40),
  name: z.string().min(1).max(100),
  /** Mainland mobile without +86, or empty when the applicant has none. */
  mobile: z.string().max(20),
  address: z.string().max(300),
});
export type Applicant = z.infer<typeof applicantSchema>;

export const caseItemMaterialSchema = z.strictObject({
  code: z.string().min(1).max(60),
  received: z.boolean(),
});

export const caseItemSchema = z.strictObject({
  serviceCode: serviceCodeSchema,
  /** The fee option picked (single/double endorsement …); absent when the item has one price. */
  feeOptionCode: z.string().max(40).optional(),
  feeFen: fenSchema,
  route: serviceRouteSchema,
  /** Due date computed from the item's time limit when the case was accepted; absent for same-day items. */
  dueDate: localDateSchema.optional(),
  materials: z.array(caseItemMaterialSchema).max(40),
});
export type CaseItem = z.infer<typeof caseItemSchema>;

/** Fields an officer may correct after acceptance (field-corrected events). */
export const CORRECTABLE_FIELDS = [
  'applicant.name',
  'applicant.mobile',
  'applicant.address',
  'applicant.idNumber',
  'applicant.idType',
] as const;
export const correctableFieldSchema = z.enum(CORRECTABLE_FIELDS);

export const PAYMENT_METHODS = ['cash', 'card', 'mobile', 'waived'] as const;

const eventBase = {
  /** Globally unique (UUID v7), so the union of two logs never duplicates an event. */
  id: uuidSchema,
  at: isoInstantSchema,
  officerId: officerIdSchema,
  siteCode: siteCodeSchema,
};

export const caseEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...eventBase,
    type: z.literal('accepted'),
    counter: z.number().int().min(0).max(99),
    applicant: applicantSchema,
    items: z.array(caseItemSchema).min(1).max(30),
    ticketId: z.string().max(40).optional(),
  }),
  z.strictObject({
    ...eventBase,
    type: z.literal('materials-requested'),
    materialCodes: z.array(z.string().max(60)).min(1).max(40),
    note: z.string().max(500),
  }),
  z.strictObject({
    ...eventBase,
    type: z.literal('materials-received'),
    materialCodes: z.array(z.string().max(60)).min(1).max(40),
  }),
  z.strictObject({
    ...eventBase,
    type: z.literal('forwarded'),
    /** The main-island centre whose back office processes the case. */
    toSiteCode: siteCodeSchema,
    note: z.string().max(500),
  }),
  z.strictObject({ ...eventBase, type: z.literal('approved'), note: z.string().max(500) }),
  z.strictObject({ ...eventBase, type: z.literal('rejected'), reason: z.string().min(1).max(500) }),
  z.strictObject({ ...eventBase, type: z.literal('ready-for-pickup'), pickupSiteCode: siteCodeSchema }),
  z.strictObject({ ...eventBase, type: z.literal('completed') }),
  z.strictObject({ ...eventBase, type: z.literal('cancelled'), reason: z.string().min(1).max(500) }),
  z.strictObject({
    ...eventBase,
    type: z.literal('field-corrected'),
    field: correctableFieldSchema,
    value: z.string().max(300),
    reason: z.string().min(1).max(500),
  }),
  z.strictObject({
    ...eventBase,
    type: z.literal('payment-recorded'),
    amountFen: fenSchema,
    method: z.enum(PAYMENT_METHODS),
    receiptNumber: z.string().max(40).optional(),
  }),
  /**
   * A supervisor let the accepting officer (`officerId`) take items of a business type the officer holds no
   * authorisation for (越权受理授权), with their PIN at the counter. Recorded with the acceptance, one per business
   * type; it changes no status. Ids, codes and times only: nothing personal, and no names (they are looked up).
   */
  z.strictObject({
    ...eventBase,
    type: z.literal('authorisation-overridden'),
    supervisorId: officerIdSchema,
    businessType: businessTypeSchema,
    /** The case's items of that business type. */
    serviceCodes: z.array(serviceCodeSchema).min(1).max(30),
    /** When the supervisor entered their PIN (before the case was saved). */
    authorisedAt: isoInstantSchema,
  }),
]);
export type CaseEvent = z.infer<typeof caseEventSchema>;
export type CaseEventType = CaseEvent['type'];
export const CASE_EVENT_TYPES = [
  'accepted',
  'materials-requested',
  'materials-received',
  'forwarded',
  'approved',
  'rejected',
  'ready-for-pickup',
  'completed',
  'cancelled',
  'field-corrected',
  'payment-recorded',
  'authorisation-overridden',
] as const satisfies readonly CaseEventType[];

export const CASE_STATUSES = [
  'accepted',
  'awaiting-materials',
  'forwarded',
  'approved',
  'rejected',
  'ready-for-pickup',
  'completed',
  'cancelled',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Something a supervisor must decide, found when replicas of a case merged (or the hub refused a change). */
export const caseAttentionSchema = z.strictObject({
  code: z.enum(['contradictory-outcome', 'illegal-transition']),
  eventIds: z.array(uuidSchema).max(50),
  message: z.string().max(500),
});
export type CaseAttention = z.infer<typeof caseAttentionSchema>;

/**
 * A case document. `events` is the truth; every other field except the identity fields is a projection of the
 * events, re-derived by the state machine after every change and every merge, and stored only so that queries
 * and indexes can use it.
 */
export const caseSchema = z.strictObject({
  id: uuidSchema,
  caseNumber: caseNumberSchema,
  /** The site that accepted the case. */
  siteCode: siteCodeSchema,
  counter: z.number().int().min(0).max(99).multipleOf(1),
  /** Sites that may hold the case besides its own (the back office it was forwarded to, the pick-up site). */
  sharedWithSites: z.array(siteCodeSchema).max(10),
  status: caseStatusSchema,
  applicant: applicantSchema,
  items: z.array(caseItemSchema).min(1).max(30),
  totalFeeFen: fenSchema,
  paidFen: fenSchema,
  /** Latest due date over the items, or '' when every item is done on the spot. */
  dueDate: z.union([localDateSchema, z.literal('')]),
  acceptedAt: isoInstantSchema,
  updatedAt: isoInstantSchema,
  attention: z.array(caseAttentionSchema).max(20),
  events: z.array(caseEventSchema).min(1).max(500),
});
export type Case = z.infer<typeof caseSchema>;
