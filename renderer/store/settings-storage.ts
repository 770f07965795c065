import { DEFAULT_LANGUAGE, isUiLanguage, type UiLanguage } from '../i18n/index.ts';

/** The officer-facing settings of this machine, kept in localStorage (they hold nothing personal). */
export interface StoredSettings {
  language: UiLanguage;
  /** Lock the screen after this long without keyboard or pointer activity (issue 4: 5 minutes by default). */
  idleLockSeconds: number;
}

export const SETTINGS_KEY = 'tongban.settings';
export const DEFAULT_IDLE_LOCK_SECONDS = 5 * 60;
/** The settings screen offers 1 to 60 minutes; shorter values are accepted from storage so tests can use seconds. */
export const MAX_IDLE_LOCK_SECONDS = 60 * 60;

const storage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage);

export function loadSettings(): StoredSettings {
  const defaults: StoredSettings = { language: DEFAULT_LANGUAGE, idleLockSeconds: DEFAULT_IDLE_LOCK_SECONDS };
  try {
    const raw = storage()?.getItem(SETTINGS_KEY);
    if (!raw) return defaults;
    const stored = JSON.parse(raw) as Partial<Record<keyof StoredSettings, unknown>>;
    const seconds = stored.idleLockSeconds;
    return {
      language: isUiLanguage(stored.language) ? stored.language : defaults.language,
      idleLockSeconds:
        typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_IDLE_LOCK_SECONDS
          ? seconds
          : defaults.idleLockSeconds,
    };
  } catch {
    return defaults;
  }
}

/** Whether an officer has chosen a language on this machine (otherwise the site configuration's applies). */
export function hasStoredLanguage(): boolean {
  try {
    const raw = storage()?.getItem(SETTINGS_KEY);
    return raw ? isUiLanguage((JSON.parse(raw) as { language?: unknown }).language) : false;
  } catch {
    return false;
  }
}

export function saveSettings(settings: StoredSettings): void {
  const { language, idleLockSeconds } = settings;
  try {
    storage()?.setItem(SETTINGS_KEY, JSON.stringify({ language, idleLockSeconds }));
  } catch {
    // Storage full or blocked: the setting holds for this session only, which is harmless.
  }
}
