import * as avro from 'avsc';

/**
 * State and rules of a Confluent-compatible schema registry, kept apart from HTTP and Kafka.
 * Commands never mutate state: they return the records to append to the `_schemas` topic, and state
 * changes only by `apply`-ing records (on start-up replay and after each write), as Confluent does.
 * Record keys/values use Confluent's `_schemas` JSON layout.
 */

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';
export interface Reference { name: string; subject: string; version: number }
export interface SchemaValue { subject: string; version: number; id: number; schemaType?: SchemaType; references?: Reference[]; schema: string; deleted: boolean }
export interface StoreRecord { key: Record<string, unknown>; value: Record<string, unknown> | null }

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type Compatibility = (typeof COMPATIBILITY_LEVELS)[number];

/** An error with Confluent's HTTP status and error_code. */
export class RegistryError extends Error {
  constructor(readonly status: number, readonly errorCode: number, message: string) {
    super(message);
  }
}

export const errors = {
  subjectNotFound: (s: string) => new RegistryError(404, 40401, `Subject '${s}' not found.`),
  versionNotFound: (v: number | string) => new RegistryError(404, 40402, `Version ${v} not found.`),
  schemaNotFound: (id?: number) => new RegistryError(404, 40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`),
  subjectSoftDeleted: (s: string) => new RegistryError(404, 40404, `Subject '${s}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (s: string) => new RegistryError(404, 40405, `Subject '${s}' was not deleted first before being permanently deleted`),
  versionNotSoftDeleted: (s: string, v: number) => new RegistryError(404, 40407, `Subject '${s}' Version ${v} was not deleted first before being permanently deleted`),
  noSubjectConfig: (s: string) => new RegistryError(404, 40408, `Subject '${s}' does not have subject-level compatibility configured`),
  invalidSchema: (why: string) => new RegistryError(422, 42201, `Invalid schema: ${why}`),
  invalidVersion: (v: string) => new RegistryError(422, 42202, `The specified version '${v}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`),
  invalidCompatibility: () => new RegistryError(422, 42203, `Invalid compatibility level. Valid values are ${COMPATIBILITY_LEVELS.map((l) => l.toLowerCase()).join(', ')}`),
  incompatible: (s: string, why: string) => new RegistryError(409, 409, `Schema being registered is incompatible with an earlier schema for subject "${s}", details: [${why}]`),
};

export interface RegisterRequest { schema?: unknown; schemaType?: unknown; references?: unknown }

interface Parsed { schemaType: SchemaType; schema: string; references: Reference[]; avro?: avro.Type }

export class Registry {
  private readonly subjects = new Map<string, Map<number, SchemaValue>>();
  private globalCompatibility: Compatibility = 'BACKWARD';
  private readonly subjectCompatibility = new Map<string, Compatibility>();

  /** Applies one `_schemas` record; idempotent, so replaying a record already applied is harmless. */
  apply(key: Record<string, unknown>, value: Record<string, unknown> | null): void {
    if (key.keytype === 'SCHEMA') {
      const subject = String(key.subject);
      const version = Number(key.version);
      const versions = this.subjects.get(subject) ?? new Map<number, SchemaValue>();
      if (value === null) versions.delete(version);
      else versions.set(version, value as unknown as SchemaValue);
      if (versions.size) this.subjects.set(subject, versions);
      else this.subjects.delete(subject);
    } else if (key.keytype === 'CONFIG') {
      const level = value?.compatibilityLevel as Compatibility | undefined;
      if (key.subject === null || key.subject === undefined) this.globalCompatibility = level ?? 'BACKWARD';
      else if (level) this.subjectCompatibility.set(String(key.subject), level);
      else this.subjectCompatibility.delete(String(key.subject));
    } // NOOP / DELETE_SUBJECT etc. carry no state of their own here.
  }

  // ---- queries -------------------------------------------------------------------------------

  listSubjects(includeDeleted: boolean): string[] {
    return [...this.subjects.entries()].filter(([, vs]) => includeDeleted || [...vs.values()].some((v) => !v.deleted)).map(([s]) => s).sort();
  }

  listVersions(subject: string, includeDeleted: boolean): number[] {
    const versions = this.versionsOf(subject, includeDeleted);
    if (versions.length === 0) throw errors.subjectNotFound(subject);
    return versions.map((v) => v.version);
  }

  getVersion(subject: string, version: string, includeDeleted: boolean): SchemaValue {
    const versions = this.versionsOf(subject, includeDeleted);
    if (versions.length === 0) throw errors.subjectNotFound(subject);
    if (version === 'latest' || version === '-1') return versions[versions.length - 1];
    const n = parseVersion(version);
    const found = versions.find((v) => v.version === n);
    if (!found) throw errors.versionNotFound(n);
    return found;
  }

  getById(id: number): SchemaValue {
    for (const vs of this.subjects.values()) for (const v of vs.values()) if (v.id === id) return v;
    throw errors.schemaNotFound(id);
  }

  usagesOf(id: number): Array<{ subject: string; version: number }> {
    const out: Array<{ subject: string; version: number }> = [];
    for (const [subject, vs] of this.subjects) for (const v of vs.values()) if (v.id === id && !v.deleted) out.push({ subject, version: v.version });
    if (out.length === 0) this.getById(id); // 40403 when the id is unknown
    return out;
  }

  lookup(subject: string, req: RegisterRequest, includeDeleted: boolean): SchemaValue {
    const versions = this.versionsOf(subject, includeDeleted);
    if (versions.length === 0) throw errors.subjectNotFound(subject);
    const parsed = this.parse(req);
    const found = versions.find((v) => sameSchema(v, parsed));
    if (!found) throw errors.schemaNotFound();
    return found;
  }

  compatibility(subject?: string): Compatibility {
    return (subject !== undefined && this.subjectCompatibility.get(subject)) || this.globalCompatibility;
  }

  subjectCompatibilityOrThrow(subject: string): Compatibility {
    const level = this.subjectCompatibility.get(subject);
    if (!level) throw errors.noSubjectConfig(subject);
    return level;
  }

  /** Problems found checking `req` against the versions its compatibility level names (empty = compatible). */
  checkCompatibility(subject: string, req: RegisterRequest, againstVersion?: string): string[] {
    const parsed = this.parse(req);
    const live = this.versionsOf(subject, false);
    if (againstVersion !== undefined && live.length === 0) throw errors.subjectNotFound(subject);
    const level = this.compatibility(subject);
    const against = againstVersion !== undefined ? [this.getVersion(subject, againstVersion, false)] : level.endsWith('_TRANSITIVE') ? live : live.slice(-1);
    return level === 'NONE' ? [] : against.flatMap((old) => this.incompatibilities(parsed, old, level));
  }

  // ---- commands: return the records to write -------------------------------------------------

  register(subject: string, req: RegisterRequest): { id: number; records: StoreRecord[] } {
    const parsed = this.parse(req);
    const all = this.versionsOf(subject, true);
    const existing = all.find((v) => !v.deleted && sameSchema(v, parsed));
    if (existing) return { id: existing.id, records: [] };
    const problems = this.checkCompatibility(subject, req);
    if (problems.length) throw errors.incompatible(subject, problems.join(', '));
    // Same schema text under another subject keeps its global id, as in Confluent.
    const id = this.findId(parsed) ?? this.maxId() + 1;
    const version = (all.length ? all[all.length - 1].version : 0) + 1;
    const value: SchemaValue = { subject, version, id, ...(parsed.schemaType !== 'AVRO' && { schemaType: parsed.schemaType }), ...(parsed.references.length && { references: parsed.references }), schema: parsed.schema, deleted: false };
    return { id, records: [schemaRecord(value)] };
  }

  deleteSubject(subject: string, permanent: boolean): { versions: number[]; records: StoreRecord[] } {
    const all = this.versionsOf(subject, true);
    if (all.length === 0) throw errors.subjectNotFound(subject);
    const live = all.filter((v) => !v.deleted);
    if (!permanent) {
      if (live.length === 0) throw errors.subjectSoftDeleted(subject);
      return { versions: live.map((v) => v.version), records: live.map((v) => schemaRecord({ ...v, deleted: true })) };
    }
    if (live.length) throw errors.subjectNotSoftDeleted(subject);
    const records: StoreRecord[] = all.map((v) => ({ key: schemaKey(subject, v.version), value: null }));
    if (this.subjectCompatibility.has(subject)) records.push({ key: configKey(subject), value: null });
    return { versions: all.map((v) => v.version), records };
  }

  deleteVersion(subject: string, version: string, permanent: boolean): { version: number; records: StoreRecord[] } {
    const v = this.getVersion(subject, version, permanent);
    if (!permanent) {
      if (v.deleted) throw errors.versionNotFound(v.version);
      return { version: v.version, records: [schemaRecord({ ...v, deleted: true })] };
    }
    if (!v.deleted) throw errors.versionNotSoftDeleted(subject, v.version);
    return { version: v.version, records: [{ key: schemaKey(subject, v.version), value: null }] };
  }

  setCompatibility(subject: string | null, level: unknown): { level: Compatibility; records: StoreRecord[] } {
    const upper = typeof level === 'string' ? level.toUpperCase() : '';
    if (!(COMPATIBILITY_LEVELS as readonly string[]).includes(upper)) throw errors.invalidCompatibility();
    return { level: upper as Compatibility, records: [{ key: configKey(subject), value: { compatibilityLevel: upper } }] };
  }

  deleteSubjectCompatibility(subject: string): { level: Compatibility; records: StoreRecord[] } {
    const level = this.subjectCompatibilityOrThrow(subject);
    return { level, records: [{ key: configKey(subject), value: null }] };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private versionsOf(subject: string, includeDeleted: boolean): SchemaValue[] {
    return [...(this.subjects.get(subject)?.values() ?? [])].filter((v) => includeDeleted || !v.deleted).sort((a, b) => a.version - b.version);
  }

  private maxId(): number {
    let max = 0;
    for (const vs of this.subjects.values()) for (const v of vs.values()) max = Math.max(max, v.id);
    return max;
  }

  private findId(p: Parsed): number | undefined {
    for (const vs of this.subjects.values()) for (const v of vs.values()) if (sameSchema(v, p)) return v.id;
    return undefined;
  }

  /** Validates and canonicalises a request body; Avro schemas are parsed with their references resolved. */
  private parse(req: RegisterRequest): Parsed {
    if (typeof req.schema !== 'string' || req.schema.trim() === '') throw errors.invalidSchema('"schema" must be a non-empty string');
    const schemaType = (req.schemaType ?? 'AVRO') as SchemaType;
    if (!['AVRO', 'JSON', 'PROTOBUF'].includes(schemaType)) throw errors.invalidSchema(`unknown schemaType ${String(req.schemaType)}`);
    const references = Array.isArray(req.references) ? (req.references as Reference[]) : [];
    if (schemaType === 'PROTOBUF') return { schemaType, schema: req.schema, references };
    let json: unknown;
    try {
      json = JSON.parse(req.schema);
    } catch (err) {
      throw errors.invalidSchema((err as Error).message);
    }
    if (schemaType === 'JSON') return { schemaType, schema: JSON.stringify(json), references };
    // Avro's canonical text: `{"type":"string"}` is the primitive "string"; whitespace removed.
    if (json && typeof json === 'object' && !Array.isArray(json) && Object.keys(json).length === 1 && typeof (json as { type?: unknown }).type === 'string') json = (json as { type: string }).type;
    const registry: Record<string, avro.Type> = {};
    try {
      for (const ref of references) avro.Type.forSchema(JSON.parse(this.getVersion(ref.subject, String(ref.version), false).schema), { registry });
      return { schemaType, schema: JSON.stringify(json), references, avro: avro.Type.forSchema(json as avro.Schema, { registry }) };
    } catch (err) {
      if (err instanceof RegistryError) throw errors.invalidSchema(`reference not found: ${err.message}`);
      throw errors.invalidSchema((err as Error).message);
    }
  }

  private incompatibilities(next: Parsed, old: SchemaValue, level: Compatibility): string[] {
    // Only Avro is checked (reader/writer resolution per the Avro spec); JSON/Protobuf are accepted as is.
    if (next.schemaType !== 'AVRO' || (old.schemaType ?? 'AVRO') !== 'AVRO' || !next.avro) return [];
    let previous: avro.Type;
    try {
      previous = this.parse({ schema: old.schema, references: old.references }).avro!;
    } catch {
      return [];
    }
    const problems: string[] = [];
    const canRead = (reader: avro.Type, writer: avro.Type, what: string) => {
      try {
        reader.createResolver(writer);
      } catch (err) {
        problems.push(`${what} (version ${old.version}): ${(err as Error).message}`);
      }
    };
    if (level.startsWith('BACKWARD') || level.startsWith('FULL')) canRead(next.avro, previous, 'new schema cannot read data written with the old one');
    if (level.startsWith('FORWARD') || level.startsWith('FULL')) canRead(previous, next.avro, 'old schema cannot read data written with the new one');
    return problems;
  }
}

function parseVersion(version: string): number {
  const n = Number(version);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) throw errors.invalidVersion(version);
  return n;
}

function sameSchema(v: SchemaValue, p: Parsed): boolean {
  return v.schema === p.schema && (v.schemaType ?? 'AVRO') === p.schemaType && JSON.stringify(v.references ?? []) === JSON.stringify(p.references);
}

const schemaKey = (subject: string, version: number) => ({ keytype: 'SCHEMA', subject, version, magic: 1 });
const configKey = (subject: string | null) => ({ keytype: 'CONFIG', subject, magic: 0 });
const schemaRecord = (v: SchemaValue): StoreRecord => ({ key: schemaKey(v.subject, v.version), value: { ...v } as unknown as Record<string, unknown> });
