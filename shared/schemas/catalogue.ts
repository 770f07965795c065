import { z } from 'zod';
import { businessTypeSchema, categoryCodeSchema, fenSchema, localizedNameSchema, serviceCodeSchema } from './common.ts';

/** 日 = calendar days; 工作日 = working days (weekends and public holidays skipped, 调休 days worked). */
export const TIME_LIMIT_UNITS = ['日', '工作日'] as const;
export const timeLimitUnitSchema = z.enum(TIME_LIMIT_UNITS);
export type TimeLimitUnit = z.infer<typeof timeLimitUnitSchema>;

/** statutory = 法定时限 set by law; promised = 承诺时限 published by the bureau. */
export const TIME_LIMIT_KINDS = ['statutory', 'promised'] as const;
export const timeLimitKindSchema = z.enum(TIME_LIMIT_KINDS);
export type TimeLimitKind = z.infer<typeof timeLimitKindSchema>;

export const timeLimitSchema = z.strictObject({
  kind: timeLimitKindSchema,
  /** 0 means the same day. */
  value: z.number().int().min(0).max(365),
  unit: timeLimitUnitSchema,
  /** Free note such as "cross-province 20日" or "investigation time not counted". */
  note: z.string().max(300).optional(),
  /** False when the fact sheet marks the value "typical" or [L]: confirm with the bureau before relying on it. */
  verified: z.boolean(),
});
export type TimeLimit = z.infer<typeof timeLimitSchema>;

export const feeOptionSchema = z.strictObject({
  code: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .min(1)
    .max(40),
  name: localizedNameSchema,
  amountFen: fenSchema,
});
export type FeeOption = z.infer<typeof feeOptionSchema>;

export const feeSchema = z.strictObject({
  /** The amount charged by default, in fen. */
  amountFen: fenSchema,
  /** Alternatives the officer picks from (single/double/multiple endorsement …); empty when there is one price. */
  options: z.array(feeOptionSchema).max(20),
  note: localizedNameSchema.optional(),
  verified: z.boolean(),
});
export type Fee = z.infer<typeof feeSchema>;

export const materialSchema = z.strictObject({
  code: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .min(1)
    .max(60),
  name: localizedNameSchema,
  /** Optional materials depend on the applicant's situation (under 16, state employee …). */
  required: z.boolean(),
  note: z.string().max(300).optional(),
});
export type Material = z.infer<typeof materialSchema>;

/**
 * on-the-spot = 即办; usually-on-the-spot = often done at once but not guaranteed (Y*);
 * back-office = the case goes to the main island for approval or card production.
 */
export const SERVICE_ROUTES = ['on-the-spot', 'usually-on-the-spot', 'back-office'] as const;
export const serviceRouteSchema = z.enum(SERVICE_ROUTES);
export type ServiceRoute = z.infer<typeof serviceRouteSchema>;

export const biometricsSchema = z.strictObject({
  photo: z.boolean(),
  fingerprint: z.boolean(),
  idCardRead: z.boolean(),
});
export type Biometrics = z.infer<typeof biometricsSchema>;

export const categorySchema = z.strictObject({
  code: categoryCodeSchema,
  businessType: businessTypeSchema,
  name: localizedNameSchema,
  /** Display order within the business type. */
  order: z.number().int().min(0).max(10_000).multipleOf(1),
});
export type Category = z.infer<typeof categorySchema>;

export const serviceItemSchema = z.strictObject({
  code: serviceCodeSchema,
  businessType: businessTypeSchema,
  categoryCode: categoryCodeSchema,
  name: localizedNameSchema,
  /** Other names people search by (简称, old names). */
  keywords: z.array(z.string().min(1).max(60)).max(30),
  materials: z.array(materialSchema).max(40),
  fee: feeSchema,
  timeLimits: z.array(timeLimitSchema).max(4),
  route: serviceRouteSchema,
  biometrics: biometricsSchema,
  /** Whether island sub-centres (东庠, 南海, 屿头, 大练) accept it. */
  islandAccepted: z.boolean(),
  /** False while any value of the item is marked "typical" or [L] in the fact sheet. */
  verified: z.boolean(),
  /** Source tags from catalogue-facts.md, e.g. ["S29"]. */
  sources: z.array(z.string().max(20)).max(20),
  /** Retired items stay in the catalogue so old cases still show their names. */
  active: z.boolean(),
  order: z.number().int().min(0).max(100_000).multipleOf(1),
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;

/** A whole catalogue as the bureau maintains it: what `npm run catalogue -- check` reads. */
export const catalogueSchema = z.strictObject({
  version: z.string().min(1).max(40),
  categories: z.array(categorySchema),
  items: z.array(serviceItemSchema),
});
export type Catalogue = z.infer<typeof catalogueSchema>;
