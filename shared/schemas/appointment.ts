import { z } from 'zod';
import {
  idDocumentTypeSchema,
  isoInstantSchema,
  localDateSchema,
  serviceCodeSchema,
  siteCodeSchema,
  uuidSchema,
} from './common.ts';

export const APPOINTMENT_STATUSES = ['booked', 'checked-in', 'cancelled', 'no-show'] as const;

export const appointmentSchema = z.strictObject({
  id: uuidSchema,
  siteCode: siteCodeSchema,
  serviceCode: serviceCodeSchema,
  /** The day of the slot, for the site's daily list. */
  date: localDateSchema,
  slotStart: isoInstantSchema,
  applicantName: z.string().min(1).max(100),
  idType: idDocumentTypeSchema,
  idNumber: z.string().min(1).max(40),
  mobile: z.string().max(20),
  status: z.enum(APPOINTMENT_STATUSES),
  channel: z.enum(['online', 'kiosk', 'counter', 'phone']),
  checkedInAt: isoInstantSchema.optional(),
  ticketId: z.string().max(40).optional(),
  createdAt: isoInstantSchema,
  updatedAt: isoInstantSchema,
});
export type Appointment = z.infer<typeof appointmentSchema>;
