import { COLLECTIONS, type CollectionName } from '../../shared/schemas/index.ts';
import { NO_PIN_HASH } from '../../shared/domain/pin.ts';
import type { WireDocument } from '../../shared/sync/protocol.ts';

/**
 * Who may read a document: the sites listed, or every site (null) for the catalogue and the site list.
 * A case is read by the site that accepted it and by every site it was shared with (the back office it was
 * forwarded to, the island where it is picked up); officers only by the sites they work at, so a PIN hash never
 * travels to a site that has no use for it. The hub writes an officer with `officerReaders` instead, which keeps the
 * sites the officer left: they must learn that the officer is gone (see `officerAsReadBy`).
 */
export function readersOf(collection: CollectionName, doc: Record<string, unknown>): string[] | null {
  switch (collection) {
    case 'categories':
    case 'services':
    case 'sites':
      return null;
    case 'officers':
      return uniqueSites(doc.siteCodes);
    case 'cases':
      return uniqueSites([doc.siteCode, ...(Array.isArray(doc.sharedWithSites) ? doc.sharedWithSites : [])]);
    case 'appointments':
    case 'tickets':
      return uniqueSites([doc.siteCode]);
  }
}

function uniqueSites(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return [...new Set(value.filter((v): v is string => typeof v === 'string'))].sort();
}

export type WriteDenial = 'collection-read-only' | 'other-site';

/**
 * Whether a device of `siteCode` may write this document. Catalogue, sites and officers are mastered at the hub.
 * A device creates documents only for its own site, and changes existing ones only where its site is a reader.
 */
export function writeDenial(
  collection: CollectionName,
  siteCode: string,
  next: Record<string, unknown>,
  currentReaders: string[] | null | undefined,
): WriteDenial | null {
  if (COLLECTIONS[collection].direction === 'pull-only') return 'collection-read-only';
  if (currentReaders === undefined) return next.siteCode === siteCode ? null : 'other-site';
  const nextReaders = readersOf(collection, next) ?? [];
  if (currentReaders !== null && !currentReaders.includes(siteCode)) return 'other-site';
  if (!nextReaders.includes(siteCode)) return 'other-site';
  return null;
}

/**
 * The sites an officer's record goes to once written: the sites of the new record and every site the record went to
 * before. A site the officer was taken off must still get the change, or its counters would keep offering the
 * officer for sign-in, with the old PIN, for ever (`officerAsReadBy` decides what such a site gets).
 */
export function officerReaders(previous: readonly string[] | null | undefined, next: { siteCodes: unknown }): string[] {
  return uniqueSites([...(previous ?? []), ...(Array.isArray(next.siteCodes) ? next.siteCodes : [])]);
}

/**
 * An officer record as `readerSite` receives it. A site the officer works at gets the record as stored. A site the
 * officer no longer works at (it is a reader only because it had the record before), and every site when the record
 * is deleted, gets a tombstone: deleted, inactive, and with `NO_PIN_HASH` for the PIN hash, so a PIN set after the
 * officer left (or with the removal itself) never reaches it. Its other fields are the record's, so it stays a valid
 * officer document for the counter's schema. Only officers go through here: other collections are sent as stored.
 */
export function officerAsReadBy(readerSite: string, body: Record<string, unknown>, deleted: boolean): WireDocument {
  const worksThere = Array.isArray(body.siteCodes) && body.siteCodes.includes(readerSite);
  if (worksThere && !deleted) return { ...body, _deleted: false };
  return { ...body, active: false, pinHash: { ...NO_PIN_HASH }, _deleted: true };
}
