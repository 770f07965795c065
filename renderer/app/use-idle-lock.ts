import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Locks the screen after `settings.idleLockSeconds` without keyboard, scanner (it types like a keyboard), pointer or
 * touch activity while an officer is signed in.
 */
export function useIdleLock(): void {
  const signedIn = useAppStore((s) => s.session.officer !== null);
  const locked = useAppStore((s) => s.session.lock !== null);
  const idleSeconds = useAppStore((s) => s.settings.idleLockSeconds);
  const lockScreen = useAppStore((s) => s.session.lockScreen);

  useEffect(() => {
    if (!signedIn || locked) return;
    let lastActivity = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { passive: true, capture: true });
    const timer = setInterval(
      () => {
        if (Date.now() - lastActivity >= idleSeconds * 1000) lockScreen('idle');
      },
      Math.min(1000, idleSeconds * 250),
    );
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [signedIn, locked, idleSeconds, lockScreen]);
}
