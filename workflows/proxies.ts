import { proxyActivities, type ActivityOptions } from '@temporalio/workflow';
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
