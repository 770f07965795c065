import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { diagnosticsFileName, withoutSecrets, writeDiagnosticsZip } from '../../../../electron/main/diagnostics.ts';
import { VALID_CONFIG } from '../../../helpers/site-config.ts';

describe('withoutSecrets', () => {
  it('removes tokens, keys, PINs and passwords at any depth and keeps everything else', () => {
    expect(
      withoutSecrets({
        deviceToken: 'tbd_x',
        nested: { databaseKey: 'k', technicianPinHash: 'h', printer: 'EPSON', typing: true },
        demo: { officers: [{ id: 'lin-hai', pin: '246810' }] },
        kioskIdleTimeoutSeconds: 90,
      }),
    ).toEqual({
      deviceToken: '[removed]',
      nested: { databaseKey: '[removed]', technicianPinHash: '[removed]', printer: 'EPSON', typing: true },
      demo: { officers: [{ id: 'lin-hai', pin: '[removed]' }] },
      kioskIdleTimeoutSeconds: 90,
    });
  });
});

describe('writeDiagnosticsZip', () => {
  it('writes the logs, the configuration without secrets, and the app and sync state into one zip', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-diagnostics-'));
    await writeFile(path.join(dir, 'main.log'), '[info] started\n');
    await writeFile(
      path.join(dir, 'main.1.log'),
      '[info] yesterday\n[error] [renderer] read card 350128199001011234 for 13800000000\n',
    );
    const file = path.join(dir, 'out', diagnosticsFileName('DX', new Date('2026-11-26T02:30:00Z')));
    await writeDiagnosticsZip(file, {
      logFiles: [path.join(dir, 'main.log'), path.join(dir, 'main.1.log')],
      config: { ...VALID_CONFIG, deviceToken: 'tbd_should-not-be-here' },
      app: { version: '0.1.0', keychain: 'gnome_libsecret' },
      sync: { online: false, pending: 3 },
    });
    expect(path.basename(file)).toBe('tongban-diagnostics-DX-20261126T023000.zip');
    const zip = await JSZip.loadAsync(await readFile(file));
    expect(Object.keys(zip.files).sort()).toEqual([
      'app.json',
      'config.json',
      'logs/main.1.log',
      'logs/main.log',
      'sync-status.json',
    ]);
    const config = JSON.parse(await zip.file('config.json')!.async('string'));
    expect(config).toMatchObject({ siteCode: 'DX', deviceToken: '[removed]' });
    expect(JSON.parse(await zip.file('sync-status.json')!.async('string'))).toEqual({ online: false, pending: 3 });
    expect(await zip.file('logs/main.log')!.async('string')).toBe('[info] started\n');
    // Lines logged before scrubbing existed are scrubbed on the way into the zip.
    expect(await zip.file('logs/main.1.log')!.async('string')).toBe(
      '[info] yesterday\n[error] [renderer] read card [ID number removed] for [mobile removed]\n',
    );
  });
});
