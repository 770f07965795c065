import { z } from 'zod';
import { localizedNameSchema, siteCodeSchema } from './common.ts';

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const openingSessionSchema = z.strictObject({ start: clockTimeSchema, end: clockTimeSchema });

/** Opening hours for part of the year (summer / winter hours); `from`/`to` are MM-DD, inclusive. */
export const seasonalHoursSchema = z.strictObject({
  from: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  to: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  /** ISO weekdays the site opens (1 = Monday … 7 = Sunday). */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  sessions: z.array(openingSessionSchema).min(1).max(4),
});
export type SeasonalHours = z.infer<typeof seasonalHoursSchema>;

export const counterSchema = z.strictObject({
  number: z.number().int().min(1).max(99),
  name: localizedNameSchema,
  kind: z.enum(['counter', 'kiosk']),
});
export type Counter = z.infer<typeof counterSchema>;

export const SITE_KINDS = ['centre', 'island-sub-centre'] as const;

export const siteSchema = z.strictObject({
  code: siteCodeSchema,
  name: localizedNameSchema,
  kind: z.enum(SITE_KINDS),
  /** Whether the site is in service; 大练 is configurable and starts disabled. */
  enabled: z.boolean(),
  /** The main-island centre whose back office handles the site's forwarded cases. */
  backOfficeSiteCode: siteCodeSchema,
  address: z.string().max(300),
  hours: z.array(seasonalHoursSchema).min(1).max(4),
  counters: z.array(counterSchema).max(99),
  order: z.number().int().min(0).max(1000).multipleOf(1),
});
export type Site = z.infer<typeof siteSchema>;
