import { useMemo } from 'react';
import type { Case, Officer, ServiceItem, Site } from '../../../shared/schemas/index.ts';
import { useLiveQuery } from '../../app/services-context.tsx';

/**
 * The reference data a case is shown with, from the replicated collections: service names and materials (the
 * catalogue), site names, and officer names (only this site's officers travel here; others show their id).
 */
export interface CaseReferenceData {
  services: ReadonlyMap<string, ServiceItem>;
  sites: ReadonlyMap<string, Site>;
  officers: ReadonlyMap<string, Officer>;
}

export function useCaseReferenceData(): CaseReferenceData {
  const { documents: services } = useLiveQuery<ServiceItem>((db) => db.services.find(), []);
  const { documents: sites } = useLiveQuery<Site>((db) => db.sites.find(), []);
  const { documents: officers } = useLiveQuery<Officer>((db) => db.officers.find(), []);
  return useMemo(
    () => ({
      services: new Map(services.map((s) => [s.code, s])),
      sites: new Map(sites.map((s) => [s.code, s])),
      officers: new Map(officers.map((o) => [o.id, o])),
    }),
    [services, sites, officers],
  );
}

/** A name in the UI language, Chinese otherwise. */
export const inLanguage = (name: { zh: string; en: string }, language: string): string =>
  language === 'en' ? name.en : name.zh;

/** An ID number as a screen that does not need it shows it: the first three and the last four characters. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 4) return '*'.repeat(idNumber.length);
  if (idNumber.length <= 8) return `${'*'.repeat(idNumber.length - 4)}${idNumber.slice(-4)}`;
  return `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 7)}${idNumber.slice(-4)}`;
}

/** A mobile number with its middle hidden: 139****0001. */
export function maskMobile(mobile: string): string {
  if (mobile.length < 7) return mobile === '' ? '' : '*'.repeat(mobile.length);
  return `${mobile.slice(0, 3)}${'*'.repeat(mobile.length - 7)}${mobile.slice(-4)}`;
}

/** "Chinese / English" as the domain writes attention messages, split for the bilingual display. */
export function splitBilingual(message: string): { zh: string; en: string } {
  const at = message.indexOf(' / ');
  return at < 0 ? { zh: message, en: '' } : { zh: message.slice(0, at), en: message.slice(at + 3) };
}

/** Names for material codes: from the items' services in the catalogue; the code itself when none lists it. */
export function materialNamer(current: Case, reference: CaseReferenceData, language: string): (code: string) => string {
  const names = new Map<string, string>();
  for (const item of current.items)
    for (const material of reference.services.get(item.serviceCode)?.materials ?? [])
      names.set(material.code, inLanguage(material.name, language));
  return (code: string) => names.get(code) ?? code;
}
