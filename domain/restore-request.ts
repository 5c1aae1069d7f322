import type { BackupSettings } from './restore-settings/types';

export type DeliveryMode = 'exactly-once' | 'at-least-once';
/** How Avro values are published: Confluent wire format against the Schema Registry, or bare Avro binary. */
export type ValueSerializer = 'schema-registry' | 'avro';

/** A topic rename with Kafka Connect RegexRouter semantics: the regex must match the whole name. */
export interface TopicRename {
  regex: string;
  replacement: string;
}

/**
 * Everything a restore needs, as names and settings only — no credentials, no records. The restoreId is
 * the idempotency key: the same id means the same producer identities and progress, so re-running a
 * finished restore writes nothing new.
 */
export interface RestoreRequest {
  restoreId: string;
  backup: BackupSettings;
  /** Name of the destination cluster in the worker's config. */
  destinationCluster: string;
  /** Source topics to restore (after the backup's names); absent = every topic in the backup. */
  topics?: string[];
  rename?: TopicRename;
  delivery: DeliveryMode;
  valueSerializer: ValueSerializer;
  /** Create destination topics that are missing, with as many partitions as the backup needs; replicas default to min(3, brokers). */
  createTopics?: { replicationFactor?: number; configs?: Record<string, string> };
  /** Topics the backup's own sink connector consumes: restoring into them would feed the backup back into itself. */
  sinkTopics?: { topics: string[]; regex?: string };
  allowSinkFeedbackLoop?: boolean;
  /** Publish keys and headers from `.keys`/`.headers` files when the backup has them (S3-style sinks). Default true. */
  restoreKeysAndHeaders?: boolean;
  /** Records per Kafka transaction (exactly-once) — larger is faster, smaller redoes less after a crash. */
  transactionMaxRecords?: number;
  /**
   * Stay up like the connector: re-plan every interval and restore what is new, until cancelled. With a sink
   * that keeps several files open at once, objects younger than `settleSeconds` wait for the next poll.
   */
  follow?: { pollIntervalSeconds: number; continueAsNewAfterPolls?: number; settleSeconds?: number };
  dryRun?: boolean;
  /** Succeed when the backup holds nothing to restore, or nothing of a selected topic (refused by default). */
  allowEmpty?: boolean;
  /**
   * How the verify step checks each partition: `read-back` (default) reads the restored offset range back
   * from the destination and counts its committed records; `counts` only compares the restore's own counters.
   */
  verify?: 'read-back' | 'counts';
  /**
   * The restore id was generated for this request (the CLI without --restore-id): no earlier run can have
   * restored under it, so partitions without a committed position skip the check for a lost position.
   */
  restoreIdIsNew?: boolean;
  /** How soon a lost worker's partition is handed to another (production default 60 s). */
  partitionHeartbeatTimeoutSeconds?: number;
}

export const RESTORE_DEFAULTS = {
  delivery: 'exactly-once' as DeliveryMode,
  valueSerializer: 'schema-registry' as ValueSerializer,
  transactionMaxRecords: 20_000,
  followPollIntervalSeconds: 60,
  /** A sink commit uploads its files within seconds; a poll waits this long before trusting what it lists. */
  followSettleSeconds: 30,
  continueAsNewAfterPolls: 50,
  partitionHeartbeatTimeoutSeconds: 60,
};
