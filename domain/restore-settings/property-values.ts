/** Reading connector-style properties (string maps) with ConfigDef-like parsing and named errors. */
import { ConfigurationError } from '../errors';

export type Properties = Readonly<Record<string, string | undefined>>;

/** The value, or undefined when absent or blank (ConfigDef treats "" as unset for most properties). */
export function optionalString(props: Properties, name: string): string | undefined {
  const v = props[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

export function requiredString(props: Properties, name: string, why = 'is required'): string {
  const v = optionalString(props, name);
  if (v === undefined) throw new ConfigurationError(name, why);
  return v;
}

/** A Java int/long: optional sign and digits only, like Integer.parseInt after trim. */
export function optionalInteger(props: Properties, name: string, min: number): number | undefined {
  const raw = optionalString(props, name);
  if (raw === undefined) return undefined;
  const t = raw.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new ConfigurationError(name, `"${raw}" is not an integer`);
  const n = Number(t);
  if (!Number.isSafeInteger(n)) throw new ConfigurationError(name, `"${raw}" is out of range`);
  if (n < min) throw new ConfigurationError(name, `must be at least ${min}, got ${n}`);
  return n;
}

/** ConfigDef LIST: trimmed, split on commas with surrounding whitespace; empty entries refused. */
export function optionalList(props: Properties, name: string): string[] | undefined {
  const raw = optionalString(props, name);
  if (raw === undefined) return undefined;
  const items = raw.trim().split(/\s*,\s*/);
  if (items.some((i) => i === '')) throw new ConfigurationError(name, `"${raw}" has an empty entry`);
  return items;
}
