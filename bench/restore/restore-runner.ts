/**
 * Lifeboat's restore (b): the real runbook, started the way `lifeboat restore` starts it, on a fresh
 * worker process polling its own task queue. Measures wall time from start to report (preflight, plan,
 * topic creation and verification included), the worker's peak RSS, and the workflow's history length.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { startRestore, waitForReport } from '../../client/restore-runner';
import type { LifeboatConfig } from '../../config/schema';
import type { RestoreReport } from '../../domain/restore-report';
import type { DeliveryMode, RestoreRequest } from '../../domain/restore-request';
import type { BenchTopic } from './bench-plan';
import { CpuAccounting } from './cpu-accounting';
import { RssSampler, waitForIdleRss, type MemoryPeak } from './memory-sampler';
import { WorkerProcess } from './worker-process';

export interface RestoreMeasurement {
  report: RestoreReport;
  ms: number;
  memory: MemoryPeak;
  historyEvents: number;
  /** Events by type, for the curious (e.g. ActivityTaskScheduled = partitions + planning/admin calls). */
  eventTypes: Record<string, number>;
  workflowId: string;
  /** Sends kafkajs retried in the worker because the broker was still completing the previous transaction. */
  concurrentTransactionRetries: number;
  cpu: ReturnType<CpuAccounting['end']>;
  /** How long the fresh worker idled before the restore started. */
  settledSeconds?: number;
}

export interface RestoreRun {
  topic: BenchTopic;
  delivery: DeliveryMode;
  restoreId: string;
  destinationTopic: string;
}

export async function runRestore(
  client: Client,
  config: LifeboatConfig,
  run: RestoreRun,
  options: { logDir: string; settleSeconds: number; cpuProfileDir?: string; nodeArgs?: string[]; onWorker?: (worker: WorkerProcess | undefined) => void; onStarted?: (handle: WorkflowHandle) => void },
): Promise<RestoreMeasurement> {
  const taskQueue = `bench-${run.restoreId}`;
  const worker = await WorkerProcess.start(client, { taskQueue, logDir: options.logDir, cpuProfileDir: options.cpuProfileDir, nodeArgs: options.nodeArgs });
  options.onWorker?.(worker);
  try {
    // A production worker has been up for a while: let this one return the workflow bundler's memory first.
    const settled = options.settleSeconds > 0 ? await waitForIdleRss(worker.pid, options.settleSeconds) : undefined;
    const request: RestoreRequest = {
      restoreId: run.restoreId,
      backup: run.topic.settings,
      destinationCluster: 'destination',
      topics: [run.topic.topic],
      rename: { regex: escapeRegex(run.topic.topic), replacement: run.destinationTopic },
      delivery: run.delivery,
      valueSerializer: 'avro', // published bytes = stored bytes: the same as the baseline's
      createTopics: { replicationFactor: 1 },
    };
    const sampler = new RssSampler(worker.pid, 100);
    sampler.start();
    const cpu = CpuAccounting.begin(worker.pid);
    const started = process.hrtime.bigint();
    const { handle, workflowId } = await startRestore(client, { ...config, temporal: { ...config.temporal, taskQueue } }, request);
    options.onStarted?.(handle);
    let report: RestoreReport;
    try {
      report = await waitForReport(handle);
    } catch (err) {
      sampler.stop();
      throw new Error(`restore ${workflowId} failed: ${(err as Error).message}\n${describeCause(err)}\nworker log tail:\n${worker.logTail()}`);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const memory = sampler.stop();
    const cpuUse = cpu.end();
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const eventTypes: Record<string, number> = {};
    for (const event of events) {
      const type = eventTypeOf(event as unknown as Record<string, unknown>);
      eventTypes[type] = (eventTypes[type] ?? 0) + 1;
    }
    const concurrentTransactionRetries = worker.countLogLines('Failed to send messages', 'another concurrent operation on the same transaction');
    return { report, ms, memory, historyEvents: events.length, eventTypes, workflowId, concurrentTransactionRetries, cpu: cpuUse, settledSeconds: settled?.waitedSeconds };
  } finally {
    await worker.stop();
    options.onWorker?.(undefined);
  }
}

/** The event's type from which `…EventAttributes` field it carries (no proto enum import needed). */
function eventTypeOf(event: Record<string, unknown>): string {
  const key = Object.keys(event).find((k) => k.endsWith('EventAttributes') && event[k] != null);
  return key ? key[0].toUpperCase() + key.slice(1, -'EventAttributes'.length) : 'Unknown';
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describeCause(err: unknown): string {
  const lines: string[] = [];
  let cause = (err as { cause?: unknown })?.cause;
  while (cause && lines.length < 5) {
    lines.push(`  caused by: ${(cause as Error).message}`);
    cause = (cause as { cause?: unknown }).cause;
  }
  return lines.join('\n');
}
