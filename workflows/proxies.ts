import { ActivityCancellationType, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';

/**
 * How runbooks call each I/O edge: timeouts and retries in one screen. Activity types are imported
 * with `import type` only, so no client library enters the workflow bundle.
 */

/** Dependency checks report their own failures, so a short timeout and a few retries suffice. */
export const CHECK_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', maximumInterval: '10s', maximumAttempts: 3 },
};
export const checks = proxyActivities<Activities>(CHECK_OPTIONS);

/** Listing and classifying a bucket: can take minutes on a large backup; heartbeats per listed page. */
export const planning = proxyActivities<Activities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

/** Admin calls (describe, create topics): short and idempotent. */
export const kafkaAdmin = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

/**
 * Streaming one partition back: long, heartbeated after every batch, resumed from the position committed
 * on the destination. A lost worker is noticed within the heartbeat timeout (a runbook input, so tests can
 * shorten it), and cancellation waits until the producer has aborted its transaction. Never dispatched
 * eagerly: eager dispatch hands every partition scheduled in a workflow task to the worker that completed
 * it (up to its free slots), so added workers would sit idle; through the task queue, partitions spread
 * over every polling worker. The round trip it saves is nothing beside a partition's minutes.
 */
export function partitionRestoreOptions(heartbeatTimeoutSeconds: number): ActivityOptions {
  return {
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: `${heartbeatTimeoutSeconds} seconds`,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    allowEagerDispatch: false,
    retry: { initialInterval: '2s', maximumInterval: '1 minute' },
  };
}
/** Restore calls pass their own options (partitionRestoreOptions) per call, with a summary naming the partition. */
export const partitionRestore = proxyActivities<Activities>(partitionRestoreOptions(60));

/** Reading restored ranges back to verify them: as long as the restore's data, heartbeated per batch. */
export const READ_BACK_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2s', maximumInterval: '1 minute' },
};
export const readBack = proxyActivities<Activities>(READ_BACK_OPTIONS);
