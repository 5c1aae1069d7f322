import type { Client, WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { LifeboatConfig } from '../config/schema';
import { restoreWorkflowId } from '../domain/ids';
import type { PartitionPosition } from '../domain/restore-position';
import type { RestoreProgressView } from '../domain/restore-progress';
import type { RestoreReport } from '../domain/restore-report';
import type { RestoreRequest } from '../domain/restore-request';
import { RunbookKind, RunbookTarget } from '../workflows/search-attributes';
import { requireWorker, workflowUiUrl } from './connection';

export interface StartedRestore {
  workflowId: string;
  runId: string;
  uiUrl: string;
  handle: WorkflowHandle;
}

/**
 * Starts the restore runbook. The workflow id is derived from the restore id, so starting the same
 * restore twice while it runs is refused, and re-running a finished one resumes from its committed positions.
 */
export async function startRestore(client: Client, config: LifeboatConfig, request: RestoreRequest): Promise<StartedRestore> {
  await requireWorker(client, config.temporal.taskQueue);
  const workflowId = restoreWorkflowId(request.restoreId);
  const topics = request.topics?.join(',') ?? 'all topics';
  const handle = await client.workflow.start('restoreFromGcs', {
    taskQueue: config.temporal.taskQueue,
    workflowId,
    args: [request],
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: RunbookKind, value: 'restore' },
      { key: RunbookTarget, value: `gs://${request.backup.bucket}/${request.backup.topicsDir}` },
    ],
    staticSummary: `${request.dryRun ? 'Plan' : 'Restore'} gs://${request.backup.bucket}/${request.backup.topicsDir} (${topics}) → ${request.destinationCluster}`,
    staticDetails: `delivery ${request.delivery}, value serializer ${request.valueSerializer}, restore id ${request.restoreId}`,
  });
  return { workflowId, runId: handle.firstExecutionRunId, uiUrl: workflowUiUrl(config, workflowId, handle.firstExecutionRunId), handle };
}

export interface LiveProgress extends RestoreProgressView {
  /** Records and bytes including partitions still running (from their heartbeats). */
  objectsNow: number;
  recordsNow: number;
  bytesNow: number;
}

/** Progress = the runbook's query (finished partitions) + the running activities' heartbeated positions. */
export async function readProgress(handle: WorkflowHandle): Promise<LiveProgress | undefined> {
  try {
    const [view, description] = await Promise.all([handle.query<RestoreProgressView>('progress'), handle.describe()]);
    let objects = view.objectsDone;
    let records = view.recordsDone;
    let bytes = view.bytesDone;
    for (const activity of description.raw.pendingActivities ?? []) {
      const payload = activity.heartbeatDetails?.payloads?.[0];
      if (!payload) continue;
      const position = defaultPayloadConverter.fromPayload<PartitionPosition>(payload as never);
      if (position && typeof position.recordsPublished === 'number') {
        objects += position.objectsCompleted;
        records += position.recordsPublished;
        bytes += position.bytesPublished;
      }
    }
    return { ...view, objectsNow: objects, recordsNow: records, bytesNow: bytes };
  } catch {
    return undefined; // the workflow may have just finished
  }
}

/** Waits for the report, calling `onProgress` about once a second. Throws the runbook's failure. */
export async function waitForReport(
  handle: WorkflowHandle,
  onProgress?: (progress: LiveProgress) => void,
): Promise<RestoreReport> {
  const result = handle.result() as Promise<RestoreReport>;
  if (onProgress) {
    let done = false;
    void result.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
      if (done) break;
      const progress = await readProgress(handle);
      if (progress) onProgress(progress);
    }
  }
  return result;
}
