import type * as Collections from '../../shared/schemas/collections.ts';
import type { RxJsonSchemaLike } from '../../shared/schemas/rx.ts';

/**
 * The cases schema as earlier releases had it, derived from the current one (`current`: the app's
 * `COLLECTIONS.cases.rxSchema`). Each was checked once against the schema of the commit before the bump that
 * followed it: identical JSON, keys sorted.
 * - version 1: stored with RxDB's key compression and a [siteCode, acceptedAt] index (both dropped in version 2);
 * - version 0: version 1 without the authorisation-overridden event.
 */
export function casesSchemaAt(version: 0 | 1, current: RxJsonSchemaLike): RxJsonSchemaLike {
  const schema = structuredClone(current) as RxJsonSchemaLike & {
    properties: { events: { items: { oneOf: Array<{ properties: { type: { const: string } } }> } } };
  };
  schema.version = version;
  schema.keyCompression = true;
  schema.indexes = [...(schema.indexes ?? []), ['siteCode', 'acceptedAt']];
  if (version === 0)
    schema.properties.events.items.oneOf = schema.properties.events.items.oneOf.filter(
      (variant) => variant.properties.type.const !== 'authorisation-overridden',
    );
  return schema;
}

/** Where a test puts the cases schema `createDatabase` is to use instead of the current one (null: the current). */
export interface CasesSchemaSwap {
  cases: RxJsonSchemaLike | null;
}

/**
 * The body of a `vi.mock` of shared/schemas/collections.ts whose cases schema is the one `swap` holds, so that an old
 * database is made by the app's own `createDatabase`, not by a copy of its storage stack that could drift from it:
 * `vi.mock(path, async (importOriginal) => (await import(helper)).withCasesSchema(await importOriginal(), swap))`.
 */
export function withCasesSchema<T extends typeof Collections>(real: T, swap: CasesSchemaSwap): T {
  const cases = real.COLLECTIONS.cases;
  return {
    ...real,
    COLLECTIONS: {
      ...real.COLLECTIONS,
      cases: {
        ...cases,
        get rxSchema() {
          return swap.cases ?? cases.rxSchema;
        },
      },
    },
  };
}
