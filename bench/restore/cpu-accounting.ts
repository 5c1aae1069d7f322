/**
 * CPU seconds each process spent during one measured run: the worker, the benchmark itself, and the
 * local stack's services (their pids from .lifeboat/run/). Everything shares this machine's cores, so
 * this shows where the time went — the worker's JS thread, the GCS emulator serving objects, the broker.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
function cpuSeconds(pid: number, tid?: number): number | undefined {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
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

/** Machine-wide busy and steal seconds so far (/proc/stat), to show what else ran during a measurement. */
function machineSeconds(): { busy: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]; // cpu user nice system idle iowait irq softirq steal …
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq) / ticksPerSecond(), steal: steal / ticksPerSecond() };
  } catch {
    return undefined;
  }
}

/**
 * Rust threads of the Temporal SDK core are named (tokio-runtime-w, temporal-*, workflow-proces…);
 * Node's own threads are all "node": the main JS thread (tid = pid), V8's GC/compiler helpers, libuv's pool.
 */
function threadGroups(pid: number): Record<string, number> {
  const groups: Record<string, number> = { main: 0, core: 0 };
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return groups;
  }
  for (const tid of tids) {
    const seconds = cpuSeconds(pid, Number(tid)) ?? 0;
    let comm = '';
    try {
      comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (Number(tid) === pid) groups.main += seconds;
    else if (comm !== 'node') groups.core += seconds;
  }
  return groups;
}

function sumThreadGroups(pids: number[]): Record<string, number> {
  const sum = { main: 0, core: 0 };
  for (const pid of pids) {
    const groups = threadGroups(pid);
    sum.main += groups.main;
    sum.core += groups.core;
  }
  return sum;
}

export class CpuAccounting {
  private readonly start = new Map<string, number>();
  private readonly benchStart = process.cpuUsage();
  private readonly started = process.hrtime.bigint();
  private readonly workerThreadsStart: Record<string, number>;
  private readonly machineStart = machineSeconds();

  /** `workers`: the restore's worker processes, counted together as "worker". */
  constructor(
    private readonly pids: Record<string, number | undefined>,
    private readonly workers: number[],
  ) {
    for (const [name, pid] of Object.entries(pids)) {
      const s = pid === undefined ? undefined : cpuSeconds(pid);
      if (s !== undefined) this.start.set(name, s);
    }
    this.workerThreadsStart = sumThreadGroups(workers);
  }

  /** Starts counting the workers (if any), the benchmark process and the stack services. */
  static begin(workerPids: number[] = []): CpuAccounting {
    const pids: Record<string, number | undefined> = {};
    workerPids.forEach((pid, i) => (pids[`worker ${i + 1}`] = pid));
    for (const [name, service] of Object.entries(SERVICES)) pids[name] = servicePid(service);
    return new CpuAccounting(pids, workerPids);
  }

  end(): CpuReport {
    const cpu: CpuUse = {};
    for (const [name, before] of this.start) {
      const after = cpuSeconds(this.pids[name]!);
      if (after === undefined) continue;
      const key = name.startsWith('worker ') ? 'worker' : name;
      cpu[key] = (cpu[key] ?? 0) + after - before;
    }
    const bench = process.cpuUsage(this.benchStart);
    cpu.bench = (bench.user + bench.system) / 1e6;
    let workerThreads: CpuReport['workerThreads'];
    if (this.workers.length && cpu.worker !== undefined) {
      const now = sumThreadGroups(this.workers);
      const main = now.main - this.workerThreadsStart.main;
      const core = now.core - this.workerThreadsStart.core;
      workerThreads = { main, core, other: Math.max(0, cpu.worker - main - core), processes: this.workers.length };
    }
    const machine = machineSeconds();
    const accounted = Object.values(cpu).reduce((a, b) => a + b, 0);
    const elsewhere =
      machine && this.machineStart
        ? { otherProcesses: Math.max(0, machine.busy - this.machineStart.busy - accounted), steal: machine.steal - this.machineStart.steal }
        : undefined;
    return { wallSeconds: Number(process.hrtime.bigint() - this.started) / 1e9, cpu, workerThreads, elsewhere };
  }
}

export interface CpuReport {
  wallSeconds: number;
  cpu: CpuUse;
  /** The workers' CPU split: their main JS threads, the Temporal core's Rust threads, Node's other threads. */
  workerThreads?: { main: number; core: number; other: number; processes: number };
  /** CPU the machine spent on processes not listed (other users of the box: noise) and VM steal. */
  elsewhere?: { otherProcesses: number; steal: number };
}

export function formatCpu(use: CpuReport): string {
  const parts = Object.entries(use.cpu)
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(1)}`);
  const total = Object.values(use.cpu).reduce((a, b) => a + b, 0);
  const t = use.workerThreads;
  const threads = t
    ? `; worker${t.processes > 1 ? `s (${t.processes} processes)` : ''} = main JS thread${t.processes > 1 ? 's' : ''} ${t.main.toFixed(1)} (${Math.round((100 * t.main) / use.wallSeconds)}% of wall) + Temporal core ${t.core.toFixed(1)} + V8/libuv helpers ${t.other.toFixed(1)}`
    : '';
  const noise = use.elsewhere ? `; other processes ${use.elsewhere.otherProcesses.toFixed(1)}, steal ${use.elsewhere.steal.toFixed(1)}` : '';
  return `CPU s: ${parts.join(', ')} (sum ${total.toFixed(1)} in ${use.wallSeconds.toFixed(1)} s wall)${threads}${noise}`;
}
