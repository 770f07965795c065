import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './logging.ts';

/** `<userData>/set-aside/<time>/`: what a credentials reset moved out of the way, kept for support, never deleted. */
export const SET_ASIDE_DIR = 'set-aside';
const PENDING_DATABASE_FILE = 'pending-database.json';
/** Where Chromium keeps the pages' IndexedDB databases (RxDB's, through Dexie) inside userData. */
export const INDEXED_DB_DIR = 'IndexedDB';

export const setAsideFolder = (userData: string, now: Date) =>
  path.join(
    userData,
    SET_ASIDE_DIR,
    now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z'),
  );

/** Records that the local database follows into `folder` at the next start, before any page can open it. */
export async function markDatabaseForSetAside(userData: string, folder: string): Promise<void> {
  await mkdir(path.join(userData, SET_ASIDE_DIR), { recursive: true });
  await writeFile(path.join(userData, SET_ASIDE_DIR, PENDING_DATABASE_FILE), JSON.stringify({ folder }));
}

/**
 * At start, before any window: moves the IndexedDB folder where a credentials reset asked. Its key is lost with the
 * old secrets, so the app could not open it; a new, empty database is made in its place.
 */
export async function setAsidePendingDatabase(userData: string, log: Logger): Promise<void> {
  const marker = path.join(userData, SET_ASIDE_DIR, PENDING_DATABASE_FILE);
  let folder: string;
  try {
    folder = (JSON.parse(await readFile(marker, 'utf8')) as { folder: string }).folder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.error(`set-aside: ${marker}: ${String(error)}`);
    return;
  }
  await mkdir(folder, { recursive: true });
  try {
    await rename(path.join(userData, INDEXED_DB_DIR), path.join(folder, INDEXED_DB_DIR));
    log.warn(`set-aside: the local database was moved to ${path.join(folder, INDEXED_DB_DIR)}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      // Left in place and the marker kept: tried again at the next start rather than opened with the wrong key.
      log.error(`set-aside: could not move the local database: ${(error as Error).message}`);
      return;
    }
  }
  await rm(marker, { force: true });
}
