import type { RxJsonSchemaLike } from '../../shared/schemas/rx.ts';

/**
 * The cases schema as earlier releases had it, derived from the current one (`current`: the app's
 * `COLLECTIONS.cases.rxSchema`). Each was checked once against the schema of the commit before the bump that
 * followed it: identical JSON, keys sorted.
 * - version 1: stored with RxDB's key compression (dropped in version 2);
 * - version 0: version 1 without the authorisation-overridden event.
 */
export function casesSchemaAt(version: 0 | 1, current: RxJsonSchemaLike): RxJsonSchemaLike {
  const schema = structuredClone(current) as RxJsonSchemaLike & {
    properties: { events: { items: { oneOf: Array<{ properties: { type: { const: string } } }> } } };
  };
  schema.version = version;
  schema.keyCompression = true;
  if (version === 0)
    schema.properties.events.items.oneOf = schema.properties.events.items.oneOf.filter(
      (variant) => variant.properties.type.const !== 'authorisation-overridden',
    );
  return schema;
}
