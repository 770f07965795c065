import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteConfigStore } from '../../../../electron/main/config-store.ts';
import { VALID_CONFIG } from '../../../helpers/site-config.ts';

const store = async () => SiteConfigStore.inFolder(await mkdtemp(path.join(os.tmpdir(), 'tongban-config-')));

describe('SiteConfigStore', () => {
  it('reports a new machine as missing its configuration', async () => {
    const config = await store();
    expect(await config.load()).toEqual({ state: 'missing' });
    expect(config.current).toBeNull();
  });

  it('saves and loads a configuration as readable JSON in userData/config.json', async () => {
    const config = await store();
    await config.save(VALID_CONFIG);
    expect(path.basename(config.file)).toBe('config.json');
    expect(JSON.parse(await readFile(config.file, 'utf8'))).toEqual(VALID_CONFIG);
    const again = new SiteConfigStore(config.file);
    expect(await again.load()).toEqual({ state: 'ok', config: VALID_CONFIG });
  });

  it('explains a hand-edited file that breaks the schema, field by field', async () => {
    const config = await store();
    await writeFile(config.file, JSON.stringify({ ...VALID_CONFIG, counterNumber: 120 }));
    const loaded = await config.load();
    expect(loaded).toEqual({
      state: 'invalid',
      problems: [
        {
          zh: 'config.json 中窗口号（counterNumber）无效：应为 1 至 99 的整数',
          en: 'config.json: the counter number ("counterNumber") must be a whole number from 1 to 99',
        },
      ],
      // What the unusable file still says about the window mode (a kiosk stays locked down).
      mode: 'counter',
    });
    expect(config.current).toBeNull();
  });

  it('explains a file that is not JSON, naming the file', async () => {
    const config = await store();
    await writeFile(config.file, '{ "siteCode": "DX", ');
    const loaded = await config.load();
    expect(loaded.state).toBe('invalid');
    if (loaded.state !== 'invalid') return;
    expect(loaded.problems[0]?.zh).toContain(`配置文件 ${config.file} 不是有效的 JSON`);
    expect(loaded.problems[0]?.en).toContain('is not valid JSON');
  });

  it('refuses to save an invalid configuration and keeps the file as it was', async () => {
    const config = await store();
    await config.save(VALID_CONFIG);
    await expect(config.save({ ...VALID_CONFIG, siteCode: 'dongxiang' })).rejects.toThrow(/site code/);
    expect(JSON.parse(await readFile(config.file, 'utf8'))).toEqual(VALID_CONFIG);
  });

  it('writes concurrent saves one after the other: the file is whole, the last one wins, no temporary is left', async () => {
    const config = await store();
    await config.save(VALID_CONFIG);
    const counters = Array.from({ length: 20 }, (_, i) => i + 1);
    await Promise.all(counters.map((counterNumber) => config.save({ ...VALID_CONFIG, counterNumber })));
    expect(JSON.parse(await readFile(config.file, 'utf8'))).toEqual({ ...VALID_CONFIG, counterNumber: 20 });
    expect(await new SiteConfigStore(config.file).load()).toMatchObject({ state: 'ok' });
    expect(await readdir(path.dirname(config.file))).toEqual(['config.json']);
  });

  it('applies concurrent updates each to the configuration the one before left', async () => {
    const config = await store();
    await config.save({ ...VALID_CONFIG, printer: null });
    await Promise.all([
      config.update((current) => ({ ...current, printer: { name: 'TM-T82', paperWidthMm: 80 } })),
      config.update((current) => ({ ...current, language: 'en' })),
      config.update((current) => ({ ...current, kioskIdleTimeoutSeconds: current.kioskIdleTimeoutSeconds + 30 })),
      config.update((current) => ({ ...current, kioskIdleTimeoutSeconds: current.kioskIdleTimeoutSeconds + 30 })),
    ]);
    expect(JSON.parse(await readFile(config.file, 'utf8'))).toMatchObject({
      printer: { name: 'TM-T82' },
      language: 'en',
      kioskIdleTimeoutSeconds: VALID_CONFIG.kioskIdleTimeoutSeconds + 60,
    });
  });
});
