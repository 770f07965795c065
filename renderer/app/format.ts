import type { TFunction } from 'i18next';

/** Times are shown in the bureau's zone whatever the machine's clock is set to. */
const BUREAU_TIME_ZONE = 'Asia/Shanghai';

export function formatClock(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone: BUREAU_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone: BUREAU_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** 42 → "42 秒", 300 → "5 分钟", 7200 → "2 小时". */
export function formatDuration(seconds: number, t: TFunction): string {
  if (seconds < 60) return t('time.seconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return t('time.minutes', { count: Math.round(seconds / 60) });
  return t('time.hours', { count: Math.round((seconds / 3600) * 10) / 10 });
}
