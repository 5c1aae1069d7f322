/**
 * Ids that say what a runbook does, so the Web UI's list reads like an operations log, and the Kafka
 * identities derived from them. `at` is an ISO time the client chooses (ids are built outside workflows).
 */
export const preflightWorkflowId = (at: string): string => `lifeboat/preflight/${at}`;

export const restoreWorkflowId = (restoreId: string): string => `lifeboat/restore/${restoreId}`;

/** A restore id from what it restores and when: readable, and unique per start; within 120 characters (bucket names reach 222). */
export function newRestoreId(bucket: string, at: string): string {
  return `${bucket.slice(0, 100)}-${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`.toLowerCase();
}

/**
 * One transactional id per restored partition: a restarted attempt fences the previous one (its open
 * transaction is aborted by the broker), which is what makes a SIGKILLed worker harmless.
 */
export const restoreTransactionalId = (restoreId: string, destinationTopic: string, partition: number): string =>
  `lifeboat-restore.${restoreId}.${destinationTopic}.${partition}`;

/** at-least-once: the second producer that commits a partition's checkpoints (position and offset-map entries). */
export const checkpointTransactionalId = (partitionTransactionalId: string): string => `${partitionTransactionalId}.checkpoint`;

/** The consumer group whose committed offsets record each partition's restore position. */
export const restoreProgressGroup = (restoreId: string): string => `lifeboat-restore.${restoreId}`;
