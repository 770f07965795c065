import { seedCatalogue, seedSites } from '../shared/catalogue/seed/index.ts';
import type { Catalogue, Site } from '../shared/schemas/index.ts';
import type { DocumentStore } from './storage/documents.ts';

/** Loads a catalogue into the hub: categories and services are read by every site. */
export async function loadCatalogue(documents: DocumentStore, catalogue: Catalogue): Promise<void> {
  await documents.putAsHub(
    'categories',
    catalogue.categories.map((c) => ({ id: c.code, doc: c, readers: null })),
  );
  await documents.putAsHub(
    'services',
    catalogue.items.map((i) => ({ id: i.code, doc: i, readers: null })),
  );
}

export async function loadSites(documents: DocumentStore, sites: Site[]): Promise<void> {
  await documents.putAsHub(
    'sites',
    sites.map((s) => ({ id: s.code, doc: s, readers: null })),
  );
}

/** A new hub starts with the seed catalogue and site list, so a first counter has something to work with. */
export async function seedHub(documents: DocumentStore): Promise<void> {
  if ((await documents.count('services')) === 0) await loadCatalogue(documents, seedCatalogue);
  if ((await documents.count('sites')) === 0) await loadSites(documents, seedSites);
}
