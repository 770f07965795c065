import type { Case, ServiceItem, Site } from '../../../shared/schemas/index.ts';

/**
 * What the intake form holds about the case it has just saved, handed to the receipt so the receipt is on screen at
 * once instead of after the local database has been read back for it (one IndexedDB round trip per source, each one
 * queued behind whatever else the page is doing then). Only a case whose insert has resolved is handed over, so the
 * receipt never shows a case that could still fail to save. The receipt's live queries take over as they answer, so
 * a later change to the case (a merge from the hub) shows as before; once the case has been read back, the hand-over
 * is dropped, and a receipt opened again later is read from the database.
 */
export interface HandedOverCase {
  saved: Case;
  /** The catalogue the form used (every item of the case is in it). */
  services: ReadonlyMap<string, ServiceItem>;
  site: Site | null;
  /** Names of the accepting officer and of the supervisors the case's overrides name, by officer id. */
  officerNames: ReadonlyMap<string, string>;
  /** The display number of the ticket the case was linked to, when the form knew it. */
  ticketNumber: string | null;
}

let handedOver: HandedOverCase | null = null;

export function handOverSavedCase(sources: HandedOverCase): void {
  handedOver = sources;
}

export function handedOverCase(caseId: string): HandedOverCase | null {
  return handedOver?.saved.id === caseId ? handedOver : null;
}

export function dropHandedOverCase(caseId: string): void {
  if (handedOver?.saved.id === caseId) handedOver = null;
}
