import type { Site } from '../../shared/schemas/index.ts';
import { useLiveQuery } from './services-context.tsx';

/** The site's name from the replicated site list, in the UI language; its code until the list has arrived. */
export function useSiteName(siteCode: string | undefined, language: string): string {
  const { documents } = useLiveQuery<Site>(
    (db) => (siteCode ? db.sites.find({ selector: { code: siteCode } }) : null),
    [siteCode],
  );
  const site = documents[0];
  if (!site) return siteCode ?? '';
  return language === 'en' ? site.name.en : site.name.zh;
}
