import { z } from 'zod';

/** What RxDB needs beyond the document's shape. */
export interface RxSchemaMeta<T> {
  /** Bump when the shape changes; a migration strategy for the new version is then required. */
  version: number;
  primaryKey: keyof T & string;
  indexes?: ReadonlyArray<(keyof T & string) | ReadonlyArray<keyof T & string>>;
  /** Top-level fields holding personal data, encrypted at rest on the counter. */
  encrypted?: ReadonlyArray<keyof T & string>;
  keyCompression?: boolean;
}

/** The RxDB JSON schema of one collection (structurally an `RxJsonSchema`, without importing rxdb into shared/). */
export interface RxJsonSchemaLike {
  version: number;
  primaryKey: string;
  type: 'object';
  properties: Record<string, unknown>;
  required: string[];
  additionalProperties: false;
  indexes?: Array<string | string[]>;
  encrypted?: string[];
  keyCompression?: boolean;
  [extra: string]: unknown;
}

/**
 * Turns a zod object schema (the single source of truth) into an RxDB JSON schema.
 *
 * RxDB's rules are checked here so that a mistake fails at build time with the collection named, not as an opaque
 * storage error on a counter: the primary key needs maxLength, indexed fields must be required, string indexes need
 * maxLength, numeric indexes need minimum, maximum and multipleOf.
 */
export function toRxJsonSchema<S extends z.ZodObject, T extends z.infer<S>>(
  name: string,
  schema: S,
  meta: RxSchemaMeta<T>,
): RxJsonSchemaLike {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'throw' }) as {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const required = json.required ?? [];
  const properties = json.properties;
  const problems: string[] = [];
  // An enum's longest value is its maxLength: RxDB needs one on every indexed string.
  for (const prop of Object.values(properties)) {
    if (prop.type === 'string' && Array.isArray(prop.enum) && prop.maxLength === undefined)
      prop.maxLength = Math.max(...(prop.enum as string[]).map((v) => v.length));
  }

  const check = (field: string, role: 'primary key' | 'index') => {
    const prop = properties[field];
    if (!prop) return problems.push(`${role} "${field}" is not a property`);
    if (!required.includes(field)) problems.push(`${role} "${field}" must be required`);
    const type = prop.type;
    if (type === 'string' && typeof prop.maxLength !== 'number') problems.push(`${role} "${field}" needs maxLength`);
    if (type === 'number' || type === 'integer') {
      for (const key of ['minimum', 'maximum', 'multipleOf'])
        if (typeof prop[key] !== 'number') problems.push(`${role} "${field}" needs ${key}`);
    }
    if (role === 'primary key' && type !== 'string') problems.push(`primary key "${field}" must be a string`);
    if (type !== 'string' && type !== 'number' && type !== 'integer' && type !== 'boolean')
      problems.push(`${role} "${field}" has type ${JSON.stringify(type)}, which cannot be indexed`);
    return undefined;
  };
  check(meta.primaryKey, 'primary key');
  for (const index of meta.indexes ?? [])
    for (const field of typeof index === 'string' ? [index] : index) check(field, 'index');
  for (const field of Object.keys(properties)) {
    if (field.includes('-')) problems.push(`field "${field}" contains "-", which RxDB does not allow`);
    if (field.startsWith('_')) problems.push(`field "${field}" starts with "_", which RxDB reserves`);
  }
  if (problems.length > 0) throw new Error(`RxDB schema for "${name}": ${problems.join('; ')}`);

  const { $schema: _ignored, ...rest } = json as Record<string, unknown>;
  return {
    ...rest,
    title: name,
    version: meta.version,
    primaryKey: meta.primaryKey,
    type: 'object',
    properties,
    required,
    additionalProperties: false,
    ...(meta.indexes ? { indexes: meta.indexes.map((i) => (typeof i === 'string' ? i : [...i])) } : {}),
    ...(meta.encrypted ? { encrypted: [...meta.encrypted] } : {}),
    ...(meta.keyCompression !== undefined ? { keyCompression: meta.keyCompression } : {}),
  };
}
