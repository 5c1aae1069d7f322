/** The benchmark's printed figures: one row per measured run, targets with PASS/MISS next to them. */
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { join } from 'node:path';

export interface Row {
  format: string;
  run: string;
  records: number;
  bytes: number;
  ms: number;
  /** Throughput relative to the idempotent baseline (a) of the same format. */
  ratio?: number;
  ratioTarget?: number;
  peakMb?: number;
  idleMb?: number;
  historyEvents?: number;
  partitions: number;
  /** Restore only: the slowest partition activity, i.e. the time spent streaming records. */
  streamMs?: number;
  /** Restore only: the read-back verification activity, when the runbook ran one. */
  readBackMs?: number;
  /** The run without its round (--rounds): rows of one series are summarized together. */
  series?: string;
}

export const RSS_TARGET_MB = 300;
/** O(partitions): a fixed part (start, preflight child, plan, verify, completion) plus a few events per partition. */
export const historyBound = (partitions: number): number => 40 + 10 * partitions;

const recordsPerSecond = (r: Row) => r.records / (r.ms / 1000);
const mbPerSecond = (r: Row) => r.bytes / 1e6 / (r.ms / 1000);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function machineLines(): string[] {
  let nproc = String(os.availableParallelism());
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // os.availableParallelism() it is
  }
  return [
    `date        ${new Date().toISOString()}`,
    `machine     nproc ${nproc}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}`,
    `node        ${process.version}, kafkajs ${require('kafkajs/package.json').version}, @temporalio/worker ${require('@temporalio/worker/package.json').version}`,
    `code        ${gitDescription()}`,
    `stack       Kafka brokers, Temporal dev server and fake-gcs-server run on this same machine (they share its CPUs)`,
  ];
}

/** The commit measured, and product files changed in the working tree (the worker runs the tree as it is). */
function gitDescription(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'ignore'] });
    const head = git('log', '-1', '--format=%h %s').trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    return `${head}${dirty.length ? `; uncommitted changes in ${dirty.join(', ')}` : ''}`;
  } catch {
    return `${join(__dirname, '..', '..')} (not a git checkout)`;
  }
}

export function printTable(rows: Row[], print: (line: string) => void): void {
  const header = ['format', 'run', 'records', 'seconds', 'records/s', 'MB/s', 'vs (a)', 'target', 'stream s', 'read-back s', 'peak RSS (idle)', 'RSS<300MB', 'history events', 'O(P)'];
  const cells = rows.map((r) => {
    const ratio = r.ratio === undefined ? '' : r.ratio.toFixed(2);
    const target = r.ratioTarget === undefined ? '' : `≥${r.ratioTarget.toFixed(2)} ${verdict((r.ratio ?? 0) >= r.ratioTarget)}`;
    const peak = r.peakMb === undefined ? '' : `${r.peakMb.toFixed(0)} MB (${r.idleMb?.toFixed(0)})`;
    const rss = r.peakMb === undefined ? '' : verdict(r.peakMb < RSS_TARGET_MB);
    const events = r.historyEvents === undefined ? '' : `${r.historyEvents} (${(r.historyEvents / r.partitions).toFixed(1)}/partition)`;
    const oP = r.historyEvents === undefined ? '' : `≤${historyBound(r.partitions)} ${verdict(r.historyEvents <= historyBound(r.partitions))}`;
    return [
      r.format,
      r.run,
      int(r.records),
      (r.ms / 1000).toFixed(1),
      int(recordsPerSecond(r)),
      mbPerSecond(r).toFixed(1),
      ratio,
      target,
      r.streamMs === undefined ? '' : (r.streamMs / 1000).toFixed(1),
      r.readBackMs === undefined ? '' : (r.readBackMs / 1000).toFixed(1),
      peak,
      rss,
      events,
      oP,
    ];
  });
  const [head, rule, ...lines] = columns(header, cells, new Set([2, 3, 4, 5, 6, 8, 9]));
  print(head);
  print(rule);
  lines.forEach((line, i) => {
    if (i > 0 && rows[i].format !== rows[i - 1].format) print('');
    print(line);
  });
}

/** The header, a rule under it, then one line per row: columns as wide as their widest cell, numbers right-aligned. */
function columns(header: string[], cells: string[][], numeric: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (numeric.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)];
}

export const TABLE_NOTES = [
  '(a) = raw kafkajs, idempotent, maxInFlightRequests 1, acks -1, one producer per partition, ≤800 KB sends, values from memory, each record naming its',
  "      partition (NamedPartitioner, as the restore's producers).",
  "kafkajs + Lifeboat's encoder = (a) with kafkajs's produce requests encoded as a restore's are (activities/kafka/produce-request-encoder.ts):",
  '      what that alone is worth; the targets compare (b) with (a), kafkajs as it comes.',
  'kafkajs transactional = (a) plus a Kafka transaction committed every 20,000 records per partition (as Lifeboat\'s exactly-once does by default).',
  '(b) = restoreFromGcs on a fresh `lifeboat worker` child process (its first restore; "2nd" = a second restore on the same worker,',
  '      as a long-lived worker runs them), tasks.max = partitions, valueSerializer avro; seconds = workflow',
  '      start → report (preflight, planning, the destination check, verification included; the destination topic is created',
  '      beforehand, as (a) creates its own); stream s = slowest partition activity;',
  '      read-back s = the verify step reading the restored ranges back from the destination (by workflow event times);',
  '      ×W = W worker processes sharing the task queue (--workers): peak RSS is the highest of them.',
  'MB/s = record value bytes (the same bytes in (a) and (b)), 1 MB = 10^6 bytes.',
  `peak RSS = the worker's max of VmRSS sampled every 100 ms and VmHWM after a reset at the start; (idle) = RSS when the restore started,`,
  `      once the worker had idled until V8 returned its start-up (or last restore's) memory.`,
  'CPU s (per run above) = CPU seconds of each process during the run; "main JS thread" near 100 % of wall means the worker is CPU-bound.',
  `history events = events of the restore workflow (preflight child not counted); O(P) bound used: 40 + 10 × partitions, independent of records.`,
];

/**
 * One line per format and run kind over the rounds (--rounds): the median ratio to (a), its range, and the
 * target judged on the median; peak RSS judged on the highest peak, with how many runs stayed under it.
 */
export function printRoundsSummary(rows: Row[], print: (line: string) => void): void {
  const series = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.series === undefined || r.ratio === undefined || r.series.startsWith('(a)')) continue;
    const key = `${r.format}\0${r.series}`;
    series.set(key, [...(series.get(key) ?? []), r]);
  }
  const header = ['format', 'run', 'rounds', 'vs (a) median', 'range', 'target', 'peak RSS median (max)', 'RSS<300MB'];
  const cells = [...series.values()].map((runs) => {
    const { format, series: name, ratioTarget } = runs[0];
    const ratios = runs.map((r) => r.ratio!).sort((x, y) => x - y);
    const ratio = median(ratios);
    const peaks = runs.flatMap((r) => (r.peakMb === undefined ? [] : [r.peakMb])).sort((x, y) => x - y);
    const under = peaks.filter((p) => p < RSS_TARGET_MB).length;
    return [
      format,
      name!,
      String(runs.length),
      ratio.toFixed(2),
      `${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)}`,
      ratioTarget === undefined ? '' : `≥${ratioTarget.toFixed(2)} ${verdict(ratio >= ratioTarget)}`,
      peaks.length ? `${median(peaks).toFixed(0)} MB (${peaks[peaks.length - 1].toFixed(0)})` : '',
      peaks.length ? `${verdict(under === peaks.length)} (${under} of ${peaks.length} under)` : '',
    ];
  });
  for (const line of columns(header, cells, new Set([2, 3]))) print(line);
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
