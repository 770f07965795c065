import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';
import { SCREENS } from './screens.tsx';

/**
 * Function keys open screens from anywhere (F2 intake, F3 cases, F4 queue, F8 settings, F9 sync); Ctrl+Shift+L
 * locks the screen. Function keys are free in text fields, so they work while typing; the browser's own use of
 * them (F3 find) is prevented. Nothing answers while the screen is locked.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { session, navigation } = useAppStore.getState();
      if (!session.officer || session.lock) return;
      if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        session.lockScreen('manual');
        return;
      }
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const screen = SCREENS.find((s) => s.shortcut === event.key);
      if (!screen) return;
      event.preventDefault();
      navigation.go(screen.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
