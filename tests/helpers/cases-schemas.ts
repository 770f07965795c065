import type { RxJsonSchemaLike } from '../../shared/schemas/rx.ts';

/**
 * The cases schema as an earlier release had it, derived from the current one (`current`: the app's
 * `COLLECTIONS.cases.rxSchema`; checked once against the schema of the commit before the bump: identical JSON, keys
 * sorted). Version 0: version 1 without the authorisation-overridden event.
 */
export function casesSchemaAt(version: 0, current: RxJsonSchemaLike): RxJsonSchemaLike {
  const schema = structuredClone(current) as RxJsonSchemaLike & {
    properties: { events: { items: { oneOf: Array<{ properties: { type: { const: string } } }> } } };
  };
  schema.version = version;
  schema.properties.events.items.oneOf = schema.properties.events.items.oneOf.filter(
    (variant) => variant.properties.type.const !== 'authorisation-overridden',
  );
  return schema;
}
