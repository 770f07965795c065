import { seedCatalogue, seedSites } from '../shared/catalogue/seed/index.ts';
import type { Catalogue, Site } from '../shared/schemas/index.ts';
import type { DocumentStore } from './storage/documents.ts';
import { badRequest } from './errors.ts';

/**
 * Loads a catalogue into the hub: categories and services are read by every site. The catalogue replaces the one
 * the hub has, so it must still hold every item the hub has: an item left out would stay offered at every counter
 * (a load only writes what it is given), and a row lost from the bureau's sheet would pass unnoticed. Items are
 * retired by keeping them with `active: false` (启用 = 否), so old cases still show their names. Nothing is
 * written when items are missing.
 */
export async function loadCatalogue(documents: DocumentStore, catalogue: Catalogue): Promise<void> {
  const given = new Set(catalogue.items.map((i) => i.code));
  const missing = (await documents.ids('services')).filter((code) => !given.has(code)).sort();
  if (missing.length > 0) {
    const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? ` …(+${missing.length - 20})` : '');
    throw badRequest(
      `目录缺少中心已有的 ${missing.length} 个事项：${shown}；要停用事项请保留它并设为不启用（active: false），未写入任何内容 / ` +
        `the catalogue leaves out ${missing.length} items the hub has: ${shown}; to retire an item keep it with active: false; nothing was written`,
    );
  }
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
