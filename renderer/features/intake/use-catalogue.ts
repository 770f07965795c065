import { useMemo } from 'react';
import { createCatalogueSearch, type CatalogueSearch } from '../../../shared/catalogue/search.ts';
import type { ServiceItem } from '../../../shared/schemas/index.ts';
import { useLiveQuery } from '../../app/services-context.tsx';

/**
 * The search over the active catalogue, kept for as long as the catalogue is the same. Building it spells every name
 * in pinyin (about 65 ms of main thread on the bench machine), and the form mounts again for every citizen.
 */
let searchCache: { key: string; search: CatalogueSearch } | null = null;
function catalogueSearch(active: ServiceItem[]): CatalogueSearch {
  const key = JSON.stringify(active);
  if (searchCache?.key !== key) searchCache = { key, search: createCatalogueSearch(active) };
  return searchCache.search;
}

/** Shown (both languages, Chinese first) where the catalogue would be, when the local database holds no active item. */
export const NO_CATALOGUE_MESSAGE = {
  zh: '本机尚无事项目录：请先连接主岛服务器同步一次。',
  en: 'This counter has no service catalogue yet: connect to the hub once to sync it.',
} as const;

export interface CounterCatalogue {
  /** 'reading' until the local database has answered; 'empty' when it holds no active item (never synced). */
  state: 'reading' | 'empty' | 'ready';
  /** Every item by code, retired ones included (a saved draft or case may name one). */
  services: Map<string, ServiceItem>;
  /** The active items, the ones intake offers and the service guide lists. */
  active: ServiceItem[];
  /** Search over the active items; null unless `state` is 'ready'. */
  search: CatalogueSearch | null;
}

/**
 * The catalogue of this counter from its local database (pulled from the hub), kept current: a catalogue change
 * pulled from the hub reaches the intake form and the service guide as soon as it is written.
 */
export function useCounterCatalogue(): CounterCatalogue {
  const { documents, loading } = useLiveQuery<ServiceItem>((db) => db.services.find(), []);
  return useMemo(() => {
    const active = documents.filter((service) => service.active);
    const state = active.length > 0 ? 'ready' : loading ? 'reading' : 'empty';
    return {
      state,
      services: new Map(documents.map((service) => [service.code, service])),
      active,
      search: state === 'ready' ? catalogueSearch(active) : null,
    };
  }, [documents, loading]);
}
