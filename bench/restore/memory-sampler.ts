/**
 * Peak resident memory of another process (the restore worker), read from /proc/<pid>/status so the
 * benchmark's own memory (the baseline's values) never counts. Samples VmRSS every 100 ms, and also
 * resets the kernel's high-water mark at the start (clear_refs 5) so VmHWM at the end catches a peak
 * shorter than the sampling interval.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface MemoryPeak {
  /** RSS when sampling started: the idle worker (workflow bundle, SDK core, clients). */
  startMb: number;
  /** Highest VmRSS sampled every `intervalMs`. */
  sampledPeakMb: number;
  /** VmHWM since the reset at start (undefined when the kernel refused the reset). */
  kernelPeakMb?: number;
  samples: number;
  /** Wall-clock time (ms since the epoch) of the highest sample: which phase the peak fell in. */
  sampledPeakAt?: number;
  /** Every sample: [ms since the epoch, MB]. */
  series: Array<[number, number]>;
}

export class RssSampler {
  private timer?: NodeJS.Timeout;
  private peakKb = 0;
  private peakAt?: number;
  private readonly series: Array<[number, number]> = [];
  private startKb = 0;
  private samples = 0;
  private hwmReset = false;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5'); // resets VmHWM to the current RSS
      this.hwmReset = true;
    } catch {
      this.hwmReset = false;
    }
    this.startKb = readStatusKb(this.pid, 'VmRSS') ?? 0;
    this.peakKb = this.startKb;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): MemoryPeak {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const hwm = this.hwmReset ? readStatusKb(this.pid, 'VmHWM') : undefined;
    return {
      startMb: this.startKb / 1024,
      sampledPeakMb: this.peakKb / 1024,
      kernelPeakMb: hwm === undefined ? undefined : hwm / 1024,
      samples: this.samples,
      sampledPeakAt: this.peakAt,
      series: this.series,
    };
  }

  private sample(): void {
    const rss = readStatusKb(this.pid, 'VmRSS');
    if (rss === undefined) return;
    this.samples++;
    this.series.push([Date.now(), rss / 1024]);
    if (rss > this.peakKb) {
      this.peakKb = rss;
      this.peakAt = Date.now();
    }
  }
}

/** A `Vm…:  123 kB` line of /proc/<pid>/status, in kB; undefined once the process is gone. */
function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The larger of the sampled and the kernel's peak: what the restore needed at most. */
export const peakMb = (m: MemoryPeak): number => Math.max(m.sampledPeakMb, m.kernelPeakMb ?? 0);

/**
 * Waits until a freshly started worker has given back its start-up garbage (module loading, creating the workflow sandbox):
 * V8's memory reducer shrinks the heap after some idle seconds. Returns once RSS has fallen 15 % below
 * its high point and stayed there 2 s, or after `maxSeconds`.
 */
export async function waitForIdleRss(pid: number, maxSeconds: number): Promise<{ waitedSeconds: number; rssMb?: number }> {
  const started = Date.now();
  const rss = () => readStatusKb(pid, 'VmRSS');
  let high = rss() ?? 0;
  let lowSince: number | undefined;
  while (Date.now() - started < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 500));
    const now = rss();
    if (now === undefined) break;
    high = Math.max(high, now);
    if (now < high * 0.85) {
      lowSince ??= Date.now();
      if (Date.now() - lowSince >= 2000) break;
    } else lowSince = undefined;
  }
  const now = rss();
  return { waitedSeconds: (Date.now() - started) / 1000, rssMb: now === undefined ? undefined : now / 1024 };
}
