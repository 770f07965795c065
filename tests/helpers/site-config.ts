import type { SiteConfig } from '../../shared/ipc/site-config.ts';

/** A complete, valid site configuration for tests to start from. */
export const VALID_CONFIG: SiteConfig = {
  version: 1,
  siteCode: 'DX',
  mode: 'counter',
  hubUrl: 'https://hub.pingtan.example:8787',
  counterNumber: 2,
  deviceId: 'dev-0a1b2c3d4e5f',
  deviceName: '东庠 2号窗口',
  printer: { name: 'EPSON_TM_T82', paperWidthMm: 80 },
  kioskIdleTimeoutSeconds: 90,
  language: 'zh-CN',
  idCardReader: { driver: 'simulated' },
  provisionedAt: '2026-11-26T02:00:00.000Z',
};
