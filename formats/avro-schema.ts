/**
 * Turns a writer schema (the `avro.schema` metadata text, or a schema object) into avsc Type objects.
 * avsc does the hard part of Avro schema parsing (named types, namespaces, recursion, aliases); the
 * datum walkers in avro-skip.ts / avro-datum-decoder.ts then walk those Types themselves.
 */
import * as avro from 'avsc';

/** Any avsc Type, seen through the members the walkers use (the typings of avsc are incomplete). */
export interface WalkableType {
  readonly typeName: string;
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly type: WalkableType }>;
  readonly types?: readonly WalkableType[];
  readonly itemsType?: WalkableType;
  readonly valuesType?: WalkableType;
  readonly symbols?: readonly string[];
  readonly size?: number;
  readonly underlyingType?: WalkableType;
}

/**
 * Parses a schema given as JSON text (`{"type":"record",...}`, `"string"`), as a bare primitive name
 * (`string`) or as an already-parsed object.
 *
 * Field defaults are dropped before avsc sees the schema: reading never needs them, and avsc checks
 * them more strictly than some Java writers did, which must not make a readable backup unreadable.
 * Logical types are left unregistered, so every logical type walks as its underlying type.
 */
export function parseAvroSchema(schema: string | object): WalkableType {
  const json = typeof schema === 'string' ? parseSchemaText(schema) : JSON.stringify(schema);
  const withoutDefaults: unknown = JSON.parse(json, (key, value: unknown) => (key === 'default' ? undefined : value));
  // wrapUnions: 'always' so avsc never rejects a union as ambiguous; the walkers unwrap unions themselves.
  return avro.Type.forSchema(withoutDefaults as avro.Schema, { wrapUnions: 'always' }) as unknown as WalkableType;
}

function parseSchemaText(text: string): string {
  const trimmed = text.trim();
  if (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(trimmed)) return JSON.stringify(trimmed); // bare type name
  JSON.parse(trimmed); // throws a SyntaxError naming the position for non-JSON text
  return trimmed;
}

/** Follows logical and custom-long wrappers down to the type whose binary encoding applies. */
export function encodingOf(t: WalkableType): WalkableType {
  let type = t;
  while (type.underlyingType && type.typeName.startsWith('logical:')) type = type.underlyingType;
  return type;
}

/**
 * A lower bound on the encoded size of one datum. Lets a walker reject an absurd count
 * (corrupt varint) up front instead of looping; a type still being sized (recursion) counts as 0,
 * which keeps the bound a lower bound.
 */
export function minEncodedSize(t: WalkableType, inProgress = new Set<WalkableType>()): number {
  const type = encodingOf(t);
  switch (type.typeName) {
    case 'null':
      return 0;
    case 'float':
      return 4;
    case 'double':
      return 8;
    case 'fixed':
      return type.size ?? 0;
    case 'record':
    case 'error': {
      if (inProgress.has(type)) return 0;
      inProgress.add(type);
      let sum = 0;
      for (const f of type.fields ?? []) sum += minEncodedSize(f.type, inProgress);
      inProgress.delete(type);
      return sum;
    }
    default:
      // boolean, int, long, string, bytes, enum, array, map, union: at least one byte each.
      return 1;
  }
}
