import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';

const REPO = join(__dirname, '../..');

/** Where `lifeboat worker` runs from: the sources through tsx, or the build deployments run (npm run build). */
const ENTRIES = { sources: join(REPO, 'bin/lifeboat.js'), compiled: join(REPO, 'dist/client/cli.js') };

/** A real `lifeboat worker` process on its own task queue: the thing a crash test SIGKILLs. */
export class WorkerProcess {
  private constructor(readonly child: ChildProcess, readonly output: string[]) {}

  static start(taskQueue: string, env: NodeJS.ProcessEnv = {}, from: keyof typeof ENTRIES = 'sources'): WorkerProcess {
    const output: string[] = [];
    const child = spawn(process.execPath, [ENTRIES[from], 'worker'], {
      cwd: REPO,
      env: { ...process.env, LIFEBOAT_TASK_QUEUE: taskQueue, LIFEBOAT_LOG_LEVEL: 'WARN', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => output.push(String(d)));
    child.stderr!.on('data', (d) => output.push(String(d)));
    return new WorkerProcess(child, output);
  }

  /** Waits until this process polls the task queue (bundling the workflows takes a few seconds). */
  async ready(client: Client, taskQueue: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`worker exited with ${this.child.exitCode}:\n${this.output.join('')}`);
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: 1,
      });
      if (pollers?.some((p) => p.identity?.startsWith(`${this.child.pid}@`))) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`worker did not poll ${taskQueue} within ${timeoutMs} ms:\n${this.output.join('')}`);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
  }
}
