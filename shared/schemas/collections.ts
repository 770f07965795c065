import type { z } from 'zod';
import { appointmentSchema, type Appointment } from './appointment.ts';
import { caseSchema, type Case } from './case.ts';
import { categorySchema, serviceItemSchema, type Category, type ServiceItem } from './catalogue.ts';
import { officerSchema, type Officer } from './officer.ts';
import { siteSchema, type Site } from './site.ts';
import { ticketSchema, type Ticket } from './ticket.ts';
import { toRxJsonSchema, type RxJsonSchemaLike } from './rx.ts';

/** Who is master of a collection and which way it replicates (DESIGN.md "Data"). */
export type ReplicationDirection = 'pull-only' | 'both';

export interface CollectionDefinition<T> {
  name: string;
  zod: z.ZodType<T>;
  rxSchema: RxJsonSchemaLike;
  direction: ReplicationDirection;
  /** Whether documents belong to one site (a device only sees its own site's). */
  siteScoped: boolean;
}

function define<T>(d: CollectionDefinition<T>): CollectionDefinition<T> {
  return d;
}

/**
 * Every collection of the local database and the hub. Seven of RxDB open core's thirteen; keep it well under.
 * Changing a schema's shape means bumping its version here and adding a migration strategy for it.
 */
export const COLLECTIONS = {
  categories: define<Category>({
    name: 'categories',
    zod: categorySchema,
    rxSchema: toRxJsonSchema('categories', categorySchema, {
      version: 0,
      primaryKey: 'code',
      indexes: ['businessType'],
    }),
    direction: 'pull-only',
    siteScoped: false,
  }),
  services: define<ServiceItem>({
    name: 'services',
    zod: serviceItemSchema,
    rxSchema: toRxJsonSchema('services', serviceItemSchema, {
      version: 0,
      primaryKey: 'code',
      indexes: ['categoryCode', 'businessType'],
    }),
    direction: 'pull-only',
    siteScoped: false,
  }),
  sites: define<Site>({
    name: 'sites',
    zod: siteSchema,
    rxSchema: toRxJsonSchema('sites', siteSchema, { version: 0, primaryKey: 'code' }),
    direction: 'pull-only',
    siteScoped: false,
  }),
  officers: define<Officer>({
    name: 'officers',
    zod: officerSchema,
    rxSchema: toRxJsonSchema('officers', officerSchema, { version: 0, primaryKey: 'id' }),
    direction: 'pull-only',
    siteScoped: true,
  }),
  cases: define<Case>({
    name: 'cases',
    zod: caseSchema,
    rxSchema: toRxJsonSchema('cases', caseSchema, {
      // 1: the authorisation-overridden event (supervisor overrides recorded in the case's log).
      // 2: stored without RxDB's key compression. The personal fields are one sealed value, so it only shortened
      //    the names of the clear fields, and it cost a quarter of a new counter's first sync (compressing,
      //    decompressing and renaming every field of every case and of RxDB's replication copy of it). Also without
      //    the [siteCode, acceptedAt] index, which no query used: one index entry less to write per case.
      version: 2,
      primaryKey: 'id',
      indexes: ['caseNumber', 'status', 'acceptedAt'],
      encrypted: ['applicant', 'events'],
    }),
    direction: 'both',
    siteScoped: true,
  }),
  appointments: define<Appointment>({
    name: 'appointments',
    zod: appointmentSchema,
    rxSchema: toRxJsonSchema('appointments', appointmentSchema, {
      version: 0,
      primaryKey: 'id',
      indexes: ['date', ['siteCode', 'date']],
      encrypted: ['idNumber', 'mobile'],
    }),
    direction: 'both',
    siteScoped: true,
  }),
  tickets: define<Ticket>({
    name: 'tickets',
    zod: ticketSchema,
    rxSchema: toRxJsonSchema('tickets', ticketSchema, {
      version: 0,
      primaryKey: 'id',
      indexes: [['date', 'sequence'], 'status'],
    }),
    direction: 'both',
    siteScoped: true,
  }),
} as const;

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];
