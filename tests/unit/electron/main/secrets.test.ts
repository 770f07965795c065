import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SecretStorageUnavailableError,
  SecretStore,
  SecretsUnreadableError,
  databaseKeyProvider,
} from '../../../../electron/main/secrets.ts';
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

  it('says in Chinese and English what is lost when secrets.json is damaged, and never writes over it', async () => {
    for (const damaged of ['', '{"deviceToken": "dj', '[1, 2]']) {
      const { store } = await setup();
      await writeFile(store.file, damaged);
      const error = await store.get('deviceToken').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretsUnreadableError);
      expect((error as SecretsUnreadableError).text.zh).toMatch(/^本机的凭据文件 secrets\.json 已损坏，无法读取。/);
      expect((error as SecretsUnreadableError).text.zh).toContain('本机数据库中的个人信息无法再解密');
      expect((error as SecretsUnreadableError).text.en).toContain('set-aside folder');
      expect(await store.problem()).toMatchObject({ reason: 'file' });
      await expect(store.set('databaseKey', 'new')).rejects.toBeInstanceOf(SecretsUnreadableError);
      expect(await readFile(store.file, 'utf8')).toBe(damaged);
    }
  });

  it('tells a keychain whose key changed from a damaged file', async () => {
    const { store, safeStorage } = await setup();
    await store.set('deviceToken', 'a');
    await store.set('databaseKey', 'b');
    expect(await store.problem()).toBeNull();
    safeStorage.keyChanged = true;
    const error = await store.get('deviceToken').catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'keychain' });
    expect((error as SecretsUnreadableError).text.zh).toMatch(/^本机的凭据无法用系统密钥库解密/);
    expect(await store.problem()).toMatchObject({ reason: 'keychain' });
    await expect(databaseKeyProvider(store, () => 'k')()).rejects.toBeInstanceOf(SecretsUnreadableError);
  });

  it('sets secrets.json aside into a folder, keeping it, and is empty afterwards', async () => {
    const { store } = await setup();
    await writeFile(store.file, 'damaged');
    const folder = path.join(path.dirname(store.file), 'set-aside', 'then');
    await store.setAside(folder);
    expect(await readFile(path.join(folder, 'secrets.json'), 'utf8')).toBe('damaged');
    expect(await readdir(path.dirname(store.file))).toEqual(['set-aside']);
    expect(await store.problem()).toBeNull();
    expect(await store.get('deviceToken')).toBeNull();
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
