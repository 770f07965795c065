import { z } from 'zod';
import { businessTypeSchema, isoInstantSchema, localDateSchema, siteCodeSchema, uuidSchema } from './common.ts';

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'skipped', 'transferred'] as const;

export const ticketSchema = z.strictObject({
  id: uuidSchema,
  siteCode: siteCodeSchema,
  date: localDateSchema,
  /** What the citizen sees and hears called: a letter per business type and a number, e.g. A012. */
  displayNumber: z
    .string()
    .regex(/^[A-Z]\d{3,4}$/)
    .max(5),
  /** Per-site, per-day sequence, for ordering the queue. */
  sequence: z.number().int().min(0).max(100_000).multipleOf(1),
  businessType: businessTypeSchema.optional(),
  status: z.enum(TICKET_STATUSES),
  issuedAt: isoInstantSchema,
  /** The machine that issued it (kiosk or counter), so two machines never issue the same number. */
  issuedBy: z.string().max(60),
  counter: z.number().int().min(0).max(99).optional(),
  calledAt: isoInstantSchema.optional(),
  appointmentId: uuidSchema.optional(),
  caseId: uuidSchema.optional(),
  updatedAt: isoInstantSchema,
});
export type Ticket = z.infer<typeof ticketSchema>;
