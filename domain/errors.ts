/**
 * Lifeboat's error classes. Pure (no Temporal, no Node built-ins) so workflows, activities and the CLI
 * share them. Each names the object, topic or setting at fault and says whether retrying can help;
 * activities/failures.ts turns them into Temporal failures in one place.
 */
export abstract class LifeboatError extends Error {
  abstract readonly retryable: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A setting is missing or wrong (config file, env var, CLI flag, sink connector JSON). */
export class ConfigurationError extends LifeboatError {
  override readonly name = 'ConfigurationError';
  readonly retryable = false;
  constructor(readonly setting: string, reason: string) {
    super(`${setting}: ${reason}`);
  }
}

/** An object in the bucket is under the topics dir with the format's extension but its name or path does not parse. */
export class BackupLayoutError extends LifeboatError {
  override readonly name = 'BackupLayoutError';
  readonly retryable = false; // a malformed object name is not transient
  constructor(readonly objectName: string, reason: string) {
    super(`${objectName}: ${reason}`);
  }
}

/** The bytes of a backup object are malformed (truncated, corrupt, bad union index, missing separator). */
export class MalformedBackupObjectError extends LifeboatError {
  override readonly name = 'MalformedBackupObjectError';
  readonly retryable = false;
  constructor(
    readonly objectName: string,
    /** Index of the record (0-based, within the object) at which decoding failed. */
    readonly recordIndex: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${objectName}: malformed at record ${recordIndex}: ${reason}`, options);
  }
}

/**
 * The backup, as configured, holds nothing to restore (or nothing of a topic asked for): usually a wrong
 * topics.dir, format.class or --topics. Reported as a failure, never as a verified restore of zero records.
 */
export class NothingToRestoreError extends LifeboatError {
  override readonly name = 'NothingToRestoreError';
  readonly retryable = false;
  constructor(readonly backup: string, reason: string) {
    super(`${backup}: ${reason}`);
  }
}

/** The destination cannot take the restore (topic missing, too few partitions, feedback loop). */
export class DestinationCheckError extends LifeboatError {
  override readonly name = 'DestinationCheckError';
  readonly retryable = false;
  constructor(readonly topic: string, reason: string) {
    super(`${topic}: ${reason}`);
  }
}

/** The principal lacks a right on a resource (a Kafka ACL): retrying cannot help until it is granted. */
export class AuthorizationError extends LifeboatError {
  override readonly name = 'AuthorizationError';
  readonly retryable = false;
  constructor(readonly resource: string, reason: string) {
    super(`${resource}: ${reason}`);
  }
}

/** A dependency (cluster, bucket, registry) answered, but not in a way Lifeboat can work with. */
export class DependencyError extends LifeboatError {
  override readonly name = 'DependencyError';
  constructor(readonly dependency: string, reason: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(`${dependency}: ${reason}`, options);
  }
}
