export {
  useAppStore,
  resetAppStore,
  actionStamp,
  NotSignedInError,
  HOME_SCREEN,
  type ActionStamp,
  type AppState,
  type DeviceContext,
  type DeviceSlice,
  type NavigationSlice,
  type ScreenId,
  type SessionOfficer,
  type SessionSlice,
  type SettingsSlice,
  type StartupSlice,
  type SyncSlice,
} from './app-store.ts';
export { type QueueAnnouncement, type QueueSlice } from './queue-slice.ts';
export {
  DEFAULT_IDLE_LOCK_SECONDS,
  MAX_IDLE_LOCK_SECONDS,
  SETTINGS_KEY,
  hasStoredLanguage,
  loadSettings,
  saveSettings,
  type StoredSettings,
} from './settings-storage.ts';
