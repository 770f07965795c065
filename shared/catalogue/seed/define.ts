// Small builders that keep the seed files readable: one line per fact, with the defaults every item shares.
import type {
  Biometrics,
  BusinessType,
  Fee,
  Material,
  ServiceItem,
  ServiceRoute,
  TimeLimit,
  TimeLimitKind,
  TimeLimitUnit,
} from '../../schemas/index.ts';

/** Whole yuan to fen. Seed fees are whole yuan; integers keep the arithmetic exact. */
export const yuan = (amount: number): number => {
  if (!Number.isInteger(amount)) throw new Error(`seed fee ${amount} must be whole yuan`);
  return amount * 100;
};

/** "P F R" → photo, fingerprint, ID-card read (the fact sheet's Bio column). */
export const bio = (spec: string): Biometrics => ({
  photo: /\bP\b/.test(spec),
  fingerprint: /\bF\b/.test(spec),
  idCardRead: /\bR\b/.test(spec),
});

export const limit = (
  kind: TimeLimitKind,
  value: number,
  unit: TimeLimitUnit,
  opts: { verified?: boolean; note?: string } = {},
): TimeLimit => ({ kind, value, unit, verified: opts.verified ?? true, ...(opts.note ? { note: opts.note } : {}) });

export type MaterialOpts = { required?: boolean; note?: string };

/** A material defined once per code and used with per-item options, so one code always carries one name. */
export const materialOf =
  (code: string, zh: string, en: string) =>
  (opts: MaterialOpts = {}): Material =>
    material(code, zh, en, opts);

export const material = (
  code: string,
  zh: string,
  en: string,
  opts: { required?: boolean; note?: string } = {},
): Material => ({
  code,
  name: { zh, en },
  required: opts.required ?? true,
  ...(opts.note ? { note: opts.note } : {}),
});

export const fee = (
  amountYuan: number,
  opts: {
    verified?: boolean;
    options?: Array<[code: string, zh: string, en: string, amountYuan: number]>;
    note?: [zh: string, en: string];
  } = {},
): Fee => ({
  amountFen: yuan(amountYuan),
  options: (opts.options ?? []).map(([code, zh, en, a]) => ({ code, name: { zh, en }, amountFen: yuan(a) })),
  verified: opts.verified ?? true,
  ...(opts.note ? { note: { zh: opts.note[0], en: opts.note[1] } } : {}),
});

export interface ItemSpec {
  code: string;
  categoryCode: string;
  zh: string;
  en: string;
  keywords?: string[];
  materials: Material[];
  fee: Fee;
  timeLimits: TimeLimit[];
  route: ServiceRoute;
  bio: Biometrics;
  islandAccepted?: boolean;
  /** False when the fact sheet marks any other value of the item (materials, route …) typical or [L]. */
  verified?: boolean;
  sources?: string[];
}

/** An item of the given business type; `verified` is false if any of its values is unverified. */
export const itemsOf =
  (businessType: BusinessType) =>
  (spec: ItemSpec): Omit<ServiceItem, 'order'> => ({
    code: spec.code,
    businessType,
    categoryCode: spec.categoryCode,
    name: { zh: spec.zh, en: spec.en },
    keywords: spec.keywords ?? [],
    materials: spec.materials,
    fee: spec.fee,
    timeLimits: spec.timeLimits,
    route: spec.route,
    biometrics: spec.bio,
    islandAccepted: spec.islandAccepted ?? true,
    verified: (spec.verified ?? true) && spec.fee.verified && spec.timeLimits.every((t) => t.verified),
    sources: spec.sources ?? [],
    active: true,
  });
