import { z } from 'zod';
import { siteCodeSchema } from '../schemas/common.ts';
import type { LocalizedText } from './localized.ts';

/**
 * A machine's site configuration: `config.json` in the app's user-data folder, written by provisioning and read at
 * every start. It holds no secrets — the device token and the database key live apart, protected by the OS keychain —
 * so it can be shown, exported with diagnostics and copied between machines as it is.
 */
export const SITE_CONFIG_VERSION = 1;
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const SHELL_MODES = ['counter', 'kiosk'] as const;
export type ShellMode = (typeof SHELL_MODES)[number];
export const ID_CARD_DRIVERS = ['none', 'simulated'] as const;
export type IdCardDriverName = (typeof ID_CARD_DRIVERS)[number];
/** Receipt printers at the counters are 58 mm or 80 mm thermal rolls; 210 is A4 for back-office machines. */
export const PAPER_WIDTHS_MM = [58, 80, 210] as const;

export const hubUrlSchema = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search;
    } catch {
      return false;
    }
  });

const demoOfficerSchema = z.strictObject({
  id: z.string().min(1).max(60),
  name: z.string().min(1).max(60),
  pin: z.string().regex(/^\d{6,12}$/),
});
export type DemoOfficer = z.infer<typeof demoOfficerSchema>;

export const siteConfigSchema = z.strictObject({
  version: z.literal(SITE_CONFIG_VERSION),
  siteCode: siteCodeSchema,
  mode: z.enum(SHELL_MODES),
  hubUrl: hubUrlSchema,
  counterNumber: z.number().int().min(1).max(99),
  deviceId: z.string().min(1).max(80),
  deviceName: z.string().min(1).max(80),
  printer: z.strictObject({ name: z.string().min(1).max(200), paperWidthMm: z.literal(PAPER_WIDTHS_MM) }).nullable(),
  /** Seconds without a touch before a kiosk clears its screen and returns to the start page. */
  kioskIdleTimeoutSeconds: z.number().int().min(20).max(900),
  language: z.enum(LANGUAGES),
  idCardReader: z.strictObject({ driver: z.enum(ID_CARD_DRIVERS) }),
  /** Present only on a demo machine, whose hub runs inside the app with the demo data. */
  demo: z.strictObject({ officers: z.array(demoOfficerSchema).max(10) }).optional(),
  provisionedAt: z.iso.datetime(),
});
export type SiteConfig = z.infer<typeof siteConfigSchema>;

export const DEFAULT_KIOSK_IDLE_TIMEOUT_SECONDS = 90;

/** What each field is called and what it must look like, for technicians reading an error about a hand-edited file. */
const FIELD_HINTS: Record<string, { label: LocalizedText; expected: LocalizedText }> = {
  version: { label: { zh: '配置版本', en: 'config version' }, expected: { zh: '应为 1', en: 'must be 1' } },
  siteCode: {
    label: { zh: '站点代码', en: 'site code' },
    expected: { zh: '应为两个大写字母，例如 DX', en: 'must be two capital letters, e.g. DX' },
  },
  mode: {
    label: { zh: '运行模式', en: 'mode' },
    expected: { zh: '应为 counter（窗口）或 kiosk（自助终端）', en: 'must be "counter" or "kiosk"' },
  },
  hubUrl: {
    label: { zh: '主岛服务器地址', en: 'hub URL' },
    expected: {
      zh: '应为 http:// 或 https:// 开头的地址，不含用户名和查询参数，例如 https://hub.example:8787',
      en: 'must be an http:// or https:// address without user name or query, e.g. https://hub.example:8787',
    },
  },
  counterNumber: {
    label: { zh: '窗口号', en: 'counter number' },
    expected: { zh: '应为 1 至 99 的整数', en: 'must be a whole number from 1 to 99' },
  },
  deviceId: {
    label: { zh: '设备编号', en: 'device id' },
    expected: { zh: '应为 1 至 80 个字符', en: 'must be 1 to 80 characters long' },
  },
  deviceName: {
    label: { zh: '设备名称', en: 'device name' },
    expected: { zh: '应为 1 至 80 个字符', en: 'must be 1 to 80 characters long' },
  },
  printer: {
    label: { zh: '打印机', en: 'printer' },
    expected: {
      zh: '应为 null，或 {"name": 系统打印机名称, "paperWidthMm": 58、80 或 210}',
      en: 'must be null or {"name": system printer name, "paperWidthMm": 58, 80 or 210}',
    },
  },
  kioskIdleTimeoutSeconds: {
    label: { zh: '自助终端空闲超时', en: 'kiosk idle timeout' },
    expected: { zh: '应为 20 至 900 秒', en: 'must be 20 to 900 seconds' },
  },
  language: {
    label: { zh: '界面语言', en: 'language' },
    expected: { zh: '应为 zh-CN 或 en', en: 'must be "zh-CN" or "en"' },
  },
  idCardReader: {
    label: { zh: '身份证读卡器', en: 'ID-card reader' },
    expected: {
      zh: '应为 {"driver": "none"} 或 {"driver": "simulated"}',
      en: 'must be {"driver": "none"} or {"driver": "simulated"}',
    },
  },
  demo: { label: { zh: '演示数据', en: 'demo data' }, expected: { zh: '格式不正确', en: 'is malformed' } },
  provisionedAt: {
    label: { zh: '配置时间', en: 'provisioning time' },
    expected: { zh: '应为 ISO 8601 时间', en: 'must be an ISO 8601 time' },
  },
};

export type SiteConfigParse = { ok: true; config: SiteConfig } | { ok: false; problems: LocalizedText[] };

/** Validates a parsed `config.json`; every problem names the field in both languages and says what it must be. */
export function parseSiteConfig(input: unknown): SiteConfigParse {
  const parsed = siteConfigSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems: LocalizedText[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ zh: `config.json 含有未知字段 ${key}`, en: `config.json has an unknown field "${key}"` });
      }
      continue;
    }
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    const hint = FIELD_HINTS[field];
    if (!field || !hint) {
      problems.push({ zh: 'config.json 应为一个 JSON 对象', en: 'config.json must be a JSON object' });
      continue;
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    problems.push(
      missing
        ? {
            zh: `config.json 缺少${hint.label.zh}（${field}），${hint.expected.zh}`,
            en: `config.json is missing the ${hint.label.en} ("${field}"), which ${hint.expected.en}`,
          }
        : {
            zh: `config.json 中${hint.label.zh}（${field}）无效：${hint.expected.zh}`,
            en: `config.json: the ${hint.label.en} ("${field}") ${hint.expected.en}`,
          },
    );
  }
  return { ok: false, problems };
}
