/**
 * FieldPartitioner (§4.1): `<field>=<value>` per configured field, in list order, joined by
 * directory.delim. Values are not escaped, so a `/` inside a STRING value adds directory levels.
 */
import { ConfigurationError } from '../../errors';

export type FieldValue = string | number | bigint | boolean | null;

/** Renders one value as the sink does: integers via toString, strings raw, booleans, null → "null". */
export function renderFieldValue(fieldName: string, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  // FLOAT/DOUBLE/BYTES/STRUCT… make the sink throw PartitionException; refuse them the same way.
  throw new ConfigurationError(
    'partition.field.name',
    `field "${fieldName}" must be an integer, string or boolean for FieldPartitioner`,
  );
}

export function encodeFieldPartition(
  fields: ReadonlyArray<{ name: string; value: unknown }>,
  directoryDelim: string,
): string {
  return fields.map((f) => `${f.name}=${renderFieldValue(f.name, f.value)}`).join(directoryDelim);
}

/**
 * Splits a directory path into the configured fields' values, or undefined when it does not have
 * the `f1=…/f2=…` shape. Because values are unescaped, an intermediate value ends at the FIRST
 * `<delim><nextField>=`; the last value takes the rest of the path (so it may contain delimiters).
 */
export function parseFieldDirectory(
  directoryPath: string,
  fieldNames: readonly string[],
  directoryDelim: string,
): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  let pos = 0;
  for (let i = 0; i < fieldNames.length; i++) {
    const head = `${fieldNames[i]}=`;
    if (!directoryPath.startsWith(head, pos)) return undefined;
    pos += head.length;
    if (i === fieldNames.length - 1) {
      values[fieldNames[i]] = directoryPath.slice(pos);
    } else {
      const sep = `${directoryDelim}${fieldNames[i + 1]}=`;
      const end = directoryPath.indexOf(sep, pos);
      if (end < 0) return undefined;
      values[fieldNames[i]] = directoryPath.slice(pos, end);
      pos = end + directoryDelim.length;
    }
  }
  return values;
}

/** Reads a dotted field name from a plain object value (nested structs, DataUtils.getNestedField). */
export function nestedFieldValue(value: unknown, dottedName: string): unknown {
  let cur: unknown = value;
  for (const part of dottedName.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in (cur as object))) {
      throw new ConfigurationError('partition.field.name', `field "${dottedName}" is not present in the record value`);
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
