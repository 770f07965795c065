import type { zhCN } from './zh-CN.ts';

// Typed keys: `t('sync.pendin')` fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
