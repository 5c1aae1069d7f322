import { Client, Connection } from '@temporalio/client';
import { resolveSecret, temporalTlsOptions } from '../config/secrets';
import { DependencyError } from '../domain/errors';
import type { LifeboatConfig } from '../config/schema';

export async function connectClient(config: LifeboatConfig): Promise<Client> {
  const { address, tls, apiKey, namespace } = config.temporal;
  const resolvedKey = apiKey ? resolveSecret(apiKey, 'temporal.apiKey') : undefined;
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, tls: temporalTlsOptions(tls), apiKey: resolvedKey, connectTimeout: '5s' });
  } catch (err) {
    throw new DependencyError(
      `temporal.address ${address}`,
      `cannot connect (${(err as Error).message}). Start the local stack (npx lifeboat stack up), or set temporal.address / LIFEBOAT_TEMPORAL_ADDRESS`,
      true,
      { cause: err },
    );
  }
  return new Client({ connection, namespace });
}

/**
 * True when at least one worker polled the task queue recently (Temporal keeps pollers for ~1 minute); with
 * `identityPrefix`, one whose identity starts with it (the SDK's default identity is `<pid>@<host>`).
 */
export async function hasWorkerPolling(client: Client, taskQueue: string, identityPrefix = ''): Promise<boolean> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
  });
  return (response.pollers ?? []).some((poller) => (poller.identity ?? '').startsWith(identityPrefix));
}

/**
 * Refuses to wait silently when nothing will pick the runbook up. A worker that has just started
 * (`--start-worker`, a restarted deployment) registers its first poll a moment later: allow it `graceMs`.
 */
export async function requireWorker(client: Client, taskQueue: string, graceMs = 10_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (!(await hasWorkerPolling(client, taskQueue))) {
    if (Date.now() >= deadline) throw new NoWorkerError(taskQueue);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export class NoWorkerError extends Error {
  override readonly name = 'NoWorkerError';
  constructor(readonly taskQueue: string) {
    super(
      `No worker is polling task queue '${taskQueue}'. Start one in another terminal with \`npx lifeboat worker\` ` +
        `(or pass --start-worker to run one inside this command), then try again.`,
    );
  }
}

export function workflowUiUrl(config: LifeboatConfig, workflowId: string, runId?: string): string {
  const base = `${config.temporal.webUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${runId}` : base;
}
