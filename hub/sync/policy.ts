import { COLLECTIONS, type CollectionName } from '../../shared/schemas/index.ts';

/**
 * Who may read a document: the sites listed, or every site (null) for the catalogue and the site list.
 * A case is read by the site that accepted it and by every site it was shared with (the back office it was
 * forwarded to, the island where it is picked up); officers only by the sites they work at, so a PIN hash never
 * travels to a site that has no use for it.
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
