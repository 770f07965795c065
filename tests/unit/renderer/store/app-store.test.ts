import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../helpers/memory-storage.ts';

// The store reads its settings from localStorage when it is created: give it one first.
const storage = new MemoryStorage();
Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
const { NotSignedInError, SETTINGS_KEY, actionStamp, resetAppStore, useAppStore } =
  await import('../../../../renderer/store/index.ts');

const officer = {
  id: 'lin-hai',
  name: '林海',
  badge: '35012801',
  role: 'officer' as const,
  authorisedBusinessTypes: ['exit-entry' as const, 'household' as const],
};
const device = { shell: 'web' as const, siteCode: 'DX', counterNumber: 2, deviceId: 'dev-1', hubUrl: 'http://hub' };

describe('the app store', () => {
  beforeEach(() => {
    storage.clear();
    resetAppStore();
  });
  afterEach(() => resetAppStore());

  it('stamps an action with the signed-in officer, the site, the counter and the time', () => {
    const { device: deviceSlice, session } = useAppStore.getState();
    deviceSlice.setDevice(device);
    session.signIn(officer, new Date('2026-11-26T01:00:00.000Z'));
    expect(actionStamp(useAppStore.getState(), new Date('2026-11-26T01:02:03.004Z'))).toEqual({
      officerId: 'lin-hai',
      siteCode: 'DX',
      counter: 2,
      at: '2026-11-26T01:02:03.004Z',
    });
  });

  it('refuses to stamp an action when nobody is signed in or the screen is locked', () => {
    useAppStore.getState().device.setDevice(device);
    expect(() => actionStamp()).toThrow(NotSignedInError);
    useAppStore.getState().session.signIn(officer);
    useAppStore.getState().session.lockScreen('idle');
    expect(() => actionStamp()).toThrow(NotSignedInError);
  });

  it('keeps the officer signed in while locked, and forgets them on sign-out', () => {
    const { session } = useAppStore.getState();
    session.signIn(officer);
    session.lockScreen('manual', new Date('2026-11-26T01:00:00.000Z'));
    expect(useAppStore.getState().session).toMatchObject({
      officer,
      lock: { reason: 'manual', at: '2026-11-26T01:00:00.000Z' },
    });
    useAppStore.getState().session.unlock();
    expect(useAppStore.getState().session.lock).toBeNull();
    useAppStore.getState().session.signOut();
    expect(useAppStore.getState().session.officer).toBeNull();
  });

  it('does not lock a screen nobody is signed in to', () => {
    useAppStore.getState().session.lockScreen('idle');
    expect(useAppStore.getState().session.lock).toBeNull();
  });

  it('keeps the language and the idle lock in localStorage, and reads them back on reset', () => {
    useAppStore.getState().settings.setLanguage('en');
    useAppStore.getState().settings.setIdleLockSeconds(120);
    expect(JSON.parse(storage.getItem(SETTINGS_KEY)!)).toEqual({ language: 'en', idleLockSeconds: 120 });
    resetAppStore();
    expect(useAppStore.getState().settings).toMatchObject({ language: 'en', idleLockSeconds: 120 });
  });

  it('falls back to Chinese and 5 minutes when the stored settings are damaged', () => {
    storage.setItem(SETTINGS_KEY, '{"language":"fr","idleLockSeconds":-3}');
    resetAppStore();
    expect(useAppStore.getState().settings).toMatchObject({ language: 'zh-CN', idleLockSeconds: 300 });
  });

  it('navigates with parameters and resets to the queue', () => {
    useAppStore.getState().navigation.go('cases', { caseId: 'abc' });
    expect(useAppStore.getState().navigation).toMatchObject({ screen: 'cases', params: { caseId: 'abc' } });
    resetAppStore();
    expect(useAppStore.getState().navigation).toMatchObject({ screen: 'queue', params: {} });
  });
});
