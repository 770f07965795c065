import { create, type StateCreator } from 'zustand';
import type { BusinessType, OfficerRole } from '../../shared/schemas/index.ts';
import type { SyncStatus } from '../sync/sync-client.ts';
import type { CatchUpProgress } from '../sync/catch-up.ts';
import type { MigrationProgress } from '../db/create-database.ts';
import { DEFAULT_LANGUAGE, type UiLanguage } from '../i18n/index.ts';
import { loadSettings, saveSettings, DEFAULT_IDLE_LOCK_SECONDS, type StoredSettings } from './settings-storage.ts';
import { createQueueSlice, type QueueSlice } from './queue-slice.ts';

/**
 * UI and session state only (DESIGN.md "Processes and data flow"): records stay in RxDB and are read with
 * `useLiveQuery`. One store of typed slices; components read through selectors, e.g.
 * `useAppStore((s) => s.session.officer)`, and call the actions next to the state they change.
 */

/** The screens of the counter app. A screen is added here, in `renderer/app/screens.tsx`, and in the i18n files. */
export type ScreenId = 'queue' | 'intake' | 'cases' | 'sync' | 'settings' | 'guide';

/** The signed-in officer, as the sign-in screen read them from the replicated officers collection. */
export interface SessionOfficer {
  id: string;
  name: string;
  badge: string;
  role: OfficerRole;
  authorisedBusinessTypes: BusinessType[];
}

/** This machine: where every action happens. */
export interface DeviceContext {
  shell: 'electron' | 'web';
  siteCode: string;
  counterNumber: number;
  deviceId: string;
  /** For display on the sync page. */
  hubUrl: string;
}

export interface SessionSlice {
  officer: SessionOfficer | null;
  signedInAt: string | null;
  /** Non-null while the screen is locked (idle or by hand); the officer stays signed in and the screen keeps its state. */
  lock: { reason: 'idle' | 'manual'; at: string } | null;
  signIn(officer: SessionOfficer, at?: Date): void;
  signOut(): void;
  lockScreen(reason: 'idle' | 'manual', at?: Date): void;
  unlock(): void;
}

export interface NavigationSlice {
  screen: ScreenId;
  /** Screen parameters, e.g. `{ caseId }` for a case's detail. */
  params: Readonly<Record<string, string>>;
  go(screen: ScreenId, params?: Record<string, string>): void;
}

export interface SyncSlice {
  /** The sync client's status (derived from the replications, never a copy of the data). */
  status: SyncStatus | null;
  /** Non-null during a first sync or a long catch-up. */
  catchUp: CatchUpProgress | null;
  setStatus(status: SyncStatus): void;
  setCatchUp(progress: CatchUpProgress | null): void;
}

export interface StartupSlice {
  /** Non-null while the local database is being upgraded to a new schema version, before the app can open. */
  migration: MigrationProgress | null;
  setMigration(progress: MigrationProgress | null): void;
}

export interface SettingsSlice extends StoredSettings {
  setLanguage(language: UiLanguage): void;
  setIdleLockSeconds(seconds: number): void;
}

export interface DeviceSlice {
  current: DeviceContext | null;
  setDevice(device: DeviceContext | null): void;
}

export interface AppState {
  session: SessionSlice;
  navigation: NavigationSlice;
  sync: SyncSlice;
  startup: StartupSlice;
  settings: SettingsSlice;
  device: DeviceSlice;
  queue: QueueSlice;
}

type Slice<K extends keyof AppState> = (...args: Parameters<StateCreator<AppState>>) => AppState[K];

const patch =
  <K extends keyof AppState>(key: K, change: Partial<AppState[K]>) =>
  (state: AppState): Partial<AppState> => ({ [key]: { ...state[key], ...change } });

const createSessionSlice: Slice<'session'> = (set) => ({
  officer: null,
  signedInAt: null,
  lock: null,
  signIn: (officer, at = new Date()) => set(patch('session', { officer, signedInAt: at.toISOString(), lock: null })),
  signOut: () => set(patch('session', { officer: null, signedInAt: null, lock: null })),
  lockScreen: (reason, at = new Date()) =>
    set((state) => (state.session.officer ? patch('session', { lock: { reason, at: at.toISOString() } })(state) : {})),
  unlock: () => set(patch('session', { lock: null })),
});

export const HOME_SCREEN: ScreenId = 'queue';

const createNavigationSlice: Slice<'navigation'> = (set) => ({
  screen: HOME_SCREEN,
  params: {},
  go: (screen, params = {}) => set(patch('navigation', { screen, params })),
});

const createSyncSlice: Slice<'sync'> = (set) => ({
  status: null,
  catchUp: null,
  setStatus: (status) => set(patch('sync', { status })),
  setCatchUp: (catchUp) => set(patch('sync', { catchUp })),
});

const createStartupSlice: Slice<'startup'> = (set) => ({
  migration: null,
  setMigration: (migration) => set(patch('startup', { migration })),
});

const createSettingsSlice: Slice<'settings'> = (set, get) => ({
  ...loadSettings(),
  setLanguage: (language) => {
    set(patch('settings', { language }));
    saveSettings(get().settings);
  },
  setIdleLockSeconds: (idleLockSeconds) => {
    set(patch('settings', { idleLockSeconds }));
    saveSettings(get().settings);
  },
});

const createDeviceSlice: Slice<'device'> = (set) => ({
  current: null,
  setDevice: (current) => set(patch('device', { current })),
});

export const useAppStore = create<AppState>()((...args) => ({
  session: createSessionSlice(...args),
  navigation: createNavigationSlice(...args),
  sync: createSyncSlice(...args),
  startup: createStartupSlice(...args),
  settings: createSettingsSlice(...args),
  device: createDeviceSlice(...args),
  queue: createQueueSlice(args[0]),
}));

const initialState = useAppStore.getState();

/**
 * Resets every slice to its initial state (settings are read again from storage). Tests call this between cases,
 * as zustand's testing guide does with its list of reset functions.
 */
export function resetAppStore(): void {
  useAppStore.setState({ ...initialState, settings: { ...initialState.settings, ...loadSettings() } }, true);
}

/** Who did something, where and when: every record an officer writes carries this. */
export interface ActionStamp {
  officerId: string;
  siteCode: string;
  counter: number;
  at: string;
}

export class NotSignedInError extends Error {
  constructor() {
    super('No officer is signed in: every action must be stamped with an officer.');
  }
}

/** The stamp for an action now; throws when nobody is signed in or the device is not known yet. */
export function actionStamp(state: AppState = useAppStore.getState(), now: Date = new Date()): ActionStamp {
  const officer = state.session.officer;
  const device = state.device.current;
  if (!officer || !device || state.session.lock) throw new NotSignedInError();
  return { officerId: officer.id, siteCode: device.siteCode, counter: device.counterNumber, at: now.toISOString() };
}

export { DEFAULT_IDLE_LOCK_SECONDS, DEFAULT_LANGUAGE };
