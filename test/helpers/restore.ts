import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RestoreReport } from '../../domain/restore-report';
import { RESTORE_DEFAULTS, type RestoreRequest } from '../../domain/restore-request';
import type { BackupSettings } from '../../domain/restore-settings/types';
import { restoreWorkflowId } from '../../domain/ids';
import type { RunbookHarness } from './temporal';

export function restoreRequest(backup: BackupSettings, overrides: Partial<RestoreRequest> = {}): RestoreRequest {
  return {
    restoreId: `it-${randomUUID().slice(0, 12)}`,
    backup,
    destinationCluster: 'destination',
    delivery: RESTORE_DEFAULTS.delivery,
    valueSerializer: RESTORE_DEFAULTS.valueSerializer,
    createTopics: { replicationFactor: 1 },
    ...overrides,
  };
}

/** Runs the restore runbook on a test worker and returns its report. */
export function runRestore(harness: RunbookHarness, request: RestoreRequest): Promise<RestoreReport> {
  return harness.withWorker((taskQueue) =>
    harness.client.workflow.execute('restoreFromGcs', {
      taskQueue,
      workflowId: `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`,
      args: [request],
    }),
  ) as Promise<RestoreReport>;
}

/** The innermost cause of a failed runbook, where the object or topic at fault is named. */
export async function restoreFailure(promise: Promise<unknown>): Promise<{ message: string; type?: string; nonRetryable?: boolean }> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    // The first ApplicationFailure in the chain is the one activities/failures.ts made: type and retryability.
    let cause: any = err.cause;
    while (cause && !(cause instanceof ApplicationFailure)) cause = cause.cause;
    return { message: cause?.message ?? err.message, type: cause?.type, nonRetryable: cause?.nonRetryable };
  }
  throw new Error('expected the restore to fail');
}
