import { z } from 'zod';
import { businessTypeSchema, siteCodeSchema } from './common.ts';
import { officerIdSchema } from './case.ts';

export const OFFICER_ROLES = ['officer', 'auxiliary', 'supervisor', 'back-office', 'admin'] as const;
export const officerRoleSchema = z.enum(OFFICER_ROLES);
export type OfficerRole = z.infer<typeof officerRoleSchema>;

/** A PIN hash made at the hub; the PIN itself never leaves the hub. */
export const pinHashSchema = z.strictObject({
  algorithm: z.enum(['scrypt']),
  /** base64 */
  salt: z.string().min(16).max(64),
  /** base64 */
  hash: z.string().min(16).max(128),
  /** scrypt cost parameters, so they can be raised later without breaking old hashes. */
  N: z.number().int().min(1024).max(1_048_576),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
export type PinHash = z.infer<typeof pinHashSchema>;

export const officerSchema = z.strictObject({
  id: officerIdSchema,
  name: z.string().min(1).max(100),
  badge: z.string().min(1).max(20),
  siteCodes: z.array(siteCodeSchema).min(1).max(20),
  role: officerRoleSchema,
  /** The business types the officer may accept cases for (业务授权). */
  authorisedBusinessTypes: z.array(businessTypeSchema).max(4),
  pinHash: pinHashSchema,
  active: z.boolean(),
});
export type Officer = z.infer<typeof officerSchema>;
