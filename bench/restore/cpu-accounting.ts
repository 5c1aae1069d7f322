/**
 * CPU seconds each process spent during one measured run: the worker, the benchmark itself, and the
 * local stack's services (their pids from .lifeboat/run/). Everything shares this machine's cores, so
 * this shows where the time went — the worker's JS thread, the GCS emulator serving objects, the broker.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RUN_DIR = resolve(__dirname, '..', '..', '.lifeboat', 'run');
const SERVICES = { kafka: 'kafka-destination', gcs: 'gcs', temporal: 'temporal' } as const;

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process (all its threads), in seconds; undefined when it is gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond(); // fields 14 and 15 of stat(5)
  } catch {
    return undefined;
  }
}

function servicePid(service: string): number | undefined {
  try {
    return Number(readFileSync(join(RUN_DIR, `${service}.pid`), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

export type CpuUse = Record<string, number>;

export class CpuAccounting {
  private readonly start = new Map<string, number>();
  private readonly benchStart = process.cpuUsage();
  private readonly started = process.hrtime.bigint();

  constructor(private readonly pids: Record<string, number | undefined>) {
    for (const [name, pid] of Object.entries(pids)) {
      const s = pid === undefined ? undefined : cpuSeconds(pid);
      if (s !== undefined) this.start.set(name, s);
    }
  }

  /** Starts counting the worker (if any), the benchmark process and the stack services. */
  static begin(workerPid?: number): CpuAccounting {
    const pids: Record<string, number | undefined> = { worker: workerPid };
    for (const [name, service] of Object.entries(SERVICES)) pids[name] = servicePid(service);
    return new CpuAccounting(pids);
  }

  end(): { wallSeconds: number; cpu: CpuUse } {
    const cpu: CpuUse = {};
    for (const [name, before] of this.start) {
      const after = cpuSeconds(this.pids[name]!);
      if (after !== undefined) cpu[name] = after - before;
    }
    const bench = process.cpuUsage(this.benchStart);
    cpu.bench = (bench.user + bench.system) / 1e6;
    return { wallSeconds: Number(process.hrtime.bigint() - this.started) / 1e9, cpu };
  }
}

export function formatCpu(use: { wallSeconds: number; cpu: CpuUse }): string {
  const parts = Object.entries(use.cpu)
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(1)}`);
  const total = Object.values(use.cpu).reduce((a, b) => a + b, 0);
  return `CPU s: ${parts.join(', ')} (sum ${total.toFixed(1)} in ${use.wallSeconds.toFixed(1)} s wall)`;
}
