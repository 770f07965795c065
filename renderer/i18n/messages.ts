import type { zhCN } from './zh-CN.ts';

/** The shape of the UI strings: the Chinese object's keys, every leaf a string. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
