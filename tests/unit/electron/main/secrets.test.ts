import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretStorageUnavailableError, SecretStore, databaseKeyProvider } from '../../../../electron/main/secrets.ts';
import { FakeSafeStorage } from '../../../helpers/fake-electron.ts';

const setup = async () => {
  const safeStorage = new FakeSafeStorage();
  const store = SecretStore.inFolder(await mkdtemp(path.join(os.tmpdir(), 'tongban-secrets-')), safeStorage);
  return { safeStorage, store };
};

describe('SecretStore', () => {
  it('keeps secrets encrypted by safeStorage on disk and gives them back', async () => {
    const { store } = await setup();
    await store.set('deviceToken', 'tbd_secret-token-value');
    expect(await readFile(store.file, 'utf8')).not.toContain('tbd_secret-token-value');
    expect(await new SecretStore(store.file, new FakeSafeStorage()).get('deviceToken')).toBe('tbd_secret-token-value');
  });

  it('refuses to store a secret when the OS keychain is unavailable, rather than writing it in clear', async () => {
    const { store, safeStorage } = await setup();
    safeStorage.available = false;
    const error = await store.set('deviceToken', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretStorageUnavailableError);
    expect((error as SecretStorageUnavailableError).text.zh).toContain('系统密钥库不可用');
    expect(await store.has('deviceToken')).toBe(false);
  });

  it('keeps both of two concurrent writes', async () => {
    const { store } = await setup();
    await Promise.all([store.set('deviceToken', 'a'), store.set('databaseKey', 'b')]);
    const fresh = new SecretStore(store.file, new FakeSafeStorage());
    expect([await fresh.get('deviceToken'), await fresh.get('databaseKey')]).toEqual(['a', 'b']);
  });

  it('deletes a secret', async () => {
    const { store } = await setup();
    await store.set('deviceToken', 'a');
    await store.delete('deviceToken');
    expect(await store.get('deviceToken')).toBeNull();
  });
});

describe('databaseKeyProvider', () => {
  it('creates the database key once and returns the same key ever after, also to concurrent first callers', async () => {
    const { store } = await setup();
    let made = 0;
    const key = databaseKeyProvider(store, () => `key-${++made}`);
    expect(await Promise.all([key(), key(), key()])).toEqual(['key-1', 'key-1', 'key-1']);
    const afterRestart = databaseKeyProvider(new SecretStore(store.file, new FakeSafeStorage()), () => 'other');
    expect(await afterRestart()).toBe('key-1');
  });
});
