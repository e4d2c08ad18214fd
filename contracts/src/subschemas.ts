// Where JSON Schema (draft 2020-12) keeps subschemas. The type generator and the specs walk the schemas
// by it, so a property that happens to be called "title" or "items" is never taken for a keyword.

type Schema = Readonly<Record<string, unknown>>;

// keywords whose value is a map of names to schemas, a list of schemas, or one schema
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMAS = new Set([
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);

/**
 * The value of a schema's keyword with `map` applied to each subschema in it, which is given its JSON
 * Pointer from the root (`pointer` is the keyword's own).
 */
export function mapSubschemas<TSchema extends Schema>(
  keyword: string,
  value: unknown,
  pointer: string,
  map: (schema: TSchema, pointer: string) => TSchema,
): unknown {
  if (SCHEMA_MAPS.has(keyword)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, TSchema>).map(([name, schema]) => [
        name,
        map(schema, `${pointer}/${name}`),
      ]),
    );
  }
  if (SCHEMA_LISTS.has(keyword)) {
    return (value as TSchema[]).map((schema, index) => map(schema, `${pointer}/${index}`));
  }
  // a boolean schema (additionalProperties: false) has nothing inside
  if (SCHEMAS.has(keyword) && typeof value === 'object' && value !== null)
    return map(value as TSchema, pointer);
  return value;
}

/** Calls `visit` on every subschema of `schema`, depth first, with its JSON Pointer; not on the root. */
export function forEachSubschema(
  schema: Schema,
  visit: (subschema: Schema, pointer: string) => void,
  pointer = '',
): void {
  for (const [keyword, value] of Object.entries(schema)) {
    mapSubschemas<Schema>(keyword, value, `${pointer}/${keyword}`, (subschema, at) => {
      visit(subschema, at);
      forEachSubschema(subschema, visit, at);
      return subschema;
    });
  }
}
