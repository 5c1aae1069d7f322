/**
 * Lifeboat's restore (b): the real runbook, started the way `lifeboat restore` starts it, on a fresh
 * worker process polling its own task queue — its first restore (and with --second-restore a second
 * one on the same worker) — each into a destination topic created beforehand (as the baseline's is). Measures
 * wall time from start to report (preflight, plan, the destination check and verification included), the
 * worker's peak RSS, and the workflow's history length.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import { startRestore, waitForReport } from '../../client/restore-runner';
import type { LifeboatConfig } from '../../config/schema';
import type { RestoreReport } from '../../domain/restore-report';
import type { DeliveryMode, RestoreRequest } from '../../domain/restore-request';
import { WORKER_MEMORY_ENV } from '../../worker/memory-settings';
import type { BenchTopic } from './bench-plan';
import { CpuAccounting, type CpuReport } from './cpu-accounting';
import { summarizeHistory, type HistorySummary } from './history-phases';
import { peakMb, RssSampler, waitForIdleRss, type MemoryPeak } from './memory-sampler';
import { WorkerProcess, type WorkerRuntime } from './worker-process';

export interface RestoreMeasurement {
  report: RestoreReport;
  ms: number;
  /** The worker whose RSS peaked highest (each worker is its own process: the target is per worker). */
  memory: MemoryPeak;
  /** Event count and types (to show O(partitions)), and phase durations from the event times. */
  history: HistorySummary;
  workflowId: string;
  /** Sends kafkajs retried in the workers because the broker was still completing the previous transaction. */
  concurrentTransactionRetries: number;
  cpu: CpuReport;
  /** How long the worker idled before the restore started. */
  settledSeconds?: number;
}

export interface RestoreRun {
  topic: BenchTopic;
  delivery: DeliveryMode;
  restoreId: string;
  destinationTopic: string;
  verify?: RestoreRequest['verify'];
}

export interface RestoreRunOptions {
  /** Creates the destination topic before the clock starts, as (a) creates its own (the restore then checks it). */
  admin: Admin;
  logDir: string;
  /** At most this long the worker idles before each restore starts (see waitForIdleRss). */
  settleSeconds: number;
  cpuProfileDir?: string;
  nodeArgs?: string[];
  /** Worker processes sharing the restore's task queue (default 1): partitions spread over them. */
  workers?: number;
  /** Start the workers with worker/memory-settings.ts's settings (as docker-compose.yml does), or explicitly without. */
  memorySettings: boolean;
  /** The compiled build (as deployed) or the sources through tsx. */
  runtime: WorkerRuntime;
  /** The running workers (empty once stopped), so an interrupted benchmark can kill them. */
  onWorkers?: (workers: WorkerProcess[]) => void;
  /** The started workflow, so cleanup can terminate it if the benchmark fails first. */
  onStarted?: (handle: WorkflowHandle) => void;
}

/**
 * Runs `runs` one after another on the same fresh worker(s), each after the workers have idled back to
 * their resting memory: the first shows a fresh worker (V8 compiles the code paths as it goes), the
 * next ones a worker that has restored before, as a long-lived one has.
 */
export async function runRestores(client: Client, config: LifeboatConfig, runs: RestoreRun[], options: RestoreRunOptions): Promise<RestoreMeasurement[]> {
  const taskQueue = `bench-${runs[0].restoreId}`;
  const count = options.workers ?? 1;
  // Several workers split the partitions as an operator would: each takes at most its share (unless set already).
  const env = {
    ...workerMemoryEnv(options.memorySettings),
    ...(count > 1 && !process.env.LIFEBOAT_MAX_CONCURRENT_ACTIVITIES ? { LIFEBOAT_MAX_CONCURRENT_ACTIVITIES: String(Math.ceil(runs[0].topic.partitions / count)) } : {}),
  };
  const workers: WorkerProcess[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const name = count > 1 ? `${taskQueue}.worker-${i + 1}` : undefined;
      workers.push(await WorkerProcess.start(client, { taskQueue, name, env, runtime: options.runtime, logDir: options.logDir, cpuProfileDir: options.cpuProfileDir, nodeArgs: options.nodeArgs }));
      options.onWorkers?.(workers);
    }
    const measurements: RestoreMeasurement[] = [];
    for (const run of runs) measurements.push(await measureRestore(client, config, taskQueue, run, workers, options));
    return measurements;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    options.onWorkers?.([]);
  }
}

async function measureRestore(client: Client, config: LifeboatConfig, taskQueue: string, run: RestoreRun, workers: WorkerProcess[], options: RestoreRunOptions): Promise<RestoreMeasurement> {
  // A production worker has been up for a while: let this one return its start-up (or last restore's) memory first.
  const settled = options.settleSeconds > 0 ? await Promise.all(workers.map((w) => waitForIdleRss(w.pid, options.settleSeconds))) : undefined;
  const request: RestoreRequest = {
    restoreId: run.restoreId,
    restoreIdIsNew: true,
    backup: run.topic.settings,
    destinationCluster: 'destination',
    topics: [run.topic.topic],
    rename: { regex: escapeRegex(run.topic.topic), replacement: run.destinationTopic },
    delivery: run.delivery,
    valueSerializer: 'avro', // published bytes = stored bytes: the same as the baseline's
    ...(run.verify ? { verify: run.verify } : {}),
  };
  await options.admin.createTopics({ topics: [{ topic: run.destinationTopic, numPartitions: run.topic.partitions, replicationFactor: 1 }], waitForLeaders: true });
  const retriesBefore = countConcurrentTransactionRetries(workers);
  const samplers = workers.map((w) => new RssSampler(w.pid, 100));
  samplers.forEach((s) => s.start());
  const cpu = CpuAccounting.begin(workers.map((w) => w.pid));
  const started = process.hrtime.bigint();
  const { handle, workflowId } = await startRestore(client, { ...config, temporal: { ...config.temporal, taskQueue } }, request);
  options.onStarted?.(handle);
  let report: RestoreReport;
  try {
    report = await waitForReport(handle);
  } catch (err) {
    samplers.forEach((s) => s.stop());
    const tails = workers.map((w) => `worker log tail (${w.logFile}):\n${w.logTail()}`).join('\n');
    throw new Error(`restore ${workflowId} failed: ${(err as Error).message}\n${describeCause(err)}\n${tails}`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const memory = samplers.map((s) => s.stop()).reduce((a, b) => (peakMb(b) > peakMb(a) ? b : a));
  const cpuUse = cpu.end();
  const history = summarizeHistory((await handle.fetchHistory()).events ?? []);
  const concurrentTransactionRetries = countConcurrentTransactionRetries(workers) - retriesBefore;
  const settledSeconds = settled ? Math.max(...settled.map((s) => s.waitedSeconds)) : undefined;
  return { report, ms, memory, history, workflowId, concurrentTransactionRetries, cpu: cpuUse, settledSeconds };
}

function countConcurrentTransactionRetries(workers: WorkerProcess[]): number {
  return workers.reduce((n, w) => n + w.countLogLines('Failed to send messages', 'another concurrent operation on the same transaction'), 0);
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

/** The memory settings on top of the benchmark's own environment; untuned removes them even if it has them. */
function workerMemoryEnv(tuned: boolean): Record<string, string | undefined> {
  const nodeOptions = (process.env.NODE_OPTIONS ?? '').split(/\s+/).filter((flag) => flag && !flag.startsWith('--max-semi-space-size'));
  if (!tuned) return { MALLOC_MMAP_THRESHOLD_: undefined, NODE_OPTIONS: nodeOptions.join(' ') || undefined };
  return { ...WORKER_MEMORY_ENV, NODE_OPTIONS: [...nodeOptions, WORKER_MEMORY_ENV.NODE_OPTIONS].join(' ') };
}
