/**
 * A real Lifeboat worker in a child process on its own task queue, so its memory is measured alone and it
 * runs exactly as production runs it: the compiled build (`node dist/client/cli.js worker`, as
 * docker-compose.yml runs it), or the sources through tsx (`node bin/lifeboat.js worker`, development).
 * Its log goes to a file that is quoted when something fails.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { hasWorkerPolling } from '../../client/connection';

const REPO = resolve(__dirname, '..', '..');

export const WORKER_ENTRIES = {
  compiled: join(REPO, 'dist', 'client', 'cli.js'),
  tsx: join(REPO, 'bin', 'lifeboat.js'),
} as const;
export type WorkerRuntime = keyof typeof WORKER_ENTRIES;

/** Compiles what the compiled worker runs (npm run build), so it is never an older build than the sources. */
export function buildWorker(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json')], { cwd: REPO, stdio: 'inherit' });
}
const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 20_000;

export class WorkerProcess {
  private exited?: { code: number | null; signal: NodeJS.Signals | null };

  private constructor(
    readonly taskQueue: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    child.once('exit', (code, signal) => (this.exited = { code, signal }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Starts the worker and waits until it polls its task queue (the workflow bundle is built by then). Several
   * workers can share a queue (`name` tells their logs apart): each is ready once a poller with its pid shows.
   */
  static async start(
    client: Client,
    options: { taskQueue: string; logDir: string; name?: string; runtime: WorkerRuntime; cpuProfileDir?: string; nodeArgs?: string[]; env?: Record<string, string | undefined> },
  ): Promise<WorkerProcess> {
    const logFile = join(options.logDir, `${options.name ?? options.taskQueue}.log`);
    const log = openSync(logFile, 'a');
    // V8's sampling profiler (not allowed in NODE_OPTIONS), written when the worker exits.
    const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
    const child = spawn(process.execPath, [...profile, ...(options.nodeArgs ?? []), WORKER_ENTRIES[options.runtime], 'worker'], {
      cwd: REPO,
      env: {
        ...process.env,
        LIFEBOAT_TASK_QUEUE: options.taskQueue,
        LIFEBOAT_LOG_LEVEL: process.env.LIFEBOAT_LOG_LEVEL ?? 'WARN',
        ...options.env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const worker = new WorkerProcess(options.taskQueue, logFile, child);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await hasWorkerPolling(client, options.taskQueue, `${child.pid}@`).catch(() => false))) {
      if (worker.exited) throw new Error(`worker exited before polling (${JSON.stringify(worker.exited)}):\n${worker.logTail()}`);
      if (Date.now() > deadline) {
        await worker.stop();
        throw new Error(`worker did not poll ${options.taskQueue} within ${READY_TIMEOUT_MS / 1000} s:\n${worker.logTail()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return worker;
  }

  /** SIGTERM (the SDK shuts down gracefully), SIGKILL after a grace period. Only this child's pid. */
  async stop(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Synchronous last resort when the benchmark itself is exiting. */
  killNow(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Lines of the worker's log holding every one of `parts` (e.g. kafkajs retries of one error). */
  countLogLines(...parts: string[]): number {
    try {
      return readFileSync(this.logFile, 'utf8')
        .split('\n')
        .filter((line) => parts.every((p) => line.includes(p))).length;
    } catch {
      return 0;
    }
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
