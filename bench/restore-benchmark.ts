/**
 * Restore benchmark (not a test; it prints figures): how close does a restore through the runbook come
 * to raw kafkajs producing the same bytes, how much memory does the worker need, and does the workflow
 * history stay O(partitions)?
 *
 * 1. writes a backup with the sink simulator into the GCS emulator (one topic per format);
 * 2. per format: (a) raw kafkajs from memory, idempotent (and transactional), then (b) restoreFromGcs on a
 *    fresh worker process, exactly-once and at-least-once, each into a fresh destination topic: the worker's
 *    first restore (and with --second-restore a second one on the same worker);
 * 3. prints the table with PASS/MISS against the targets, and deletes what it created (also on failure).
 * Exit code 0 when it ran, whatever the figures; 1 when something broke.
 *
 * Run: npm run bench:restore -- [--records 60000] [--partitions 6]   (see bench/restore/args.ts)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import { createStorage } from '../activities/gcs/storage';
import { KafkaClusters } from '../activities/kafka/clients';
import { connectClient } from '../client/connection';
import { loadConfig } from '../config';
import type { LifeboatConfig } from '../config/schema';
import { restoreProgressGroup } from '../domain/ids';
import { RESTORE_DEFAULTS, type DeliveryMode } from '../domain/restore-request';
import { WORKER_MEMORY_ENV } from '../worker/memory-settings';
import { parseBenchArgs, type BenchArgs } from './restore/args';
import { publishedValues, runBaseline, type BaselineEncoder, type BaselineMode, type ThroughputResult } from './restore/baseline';
import { BENCH_BUCKET, benchPlan, totalRecords, type BenchPlan, type BenchTopic } from './restore/bench-plan';
import { BenchResources } from './restore/cleanup';
import { CpuAccounting, formatCpu } from './restore/cpu-accounting';
import { formatHistory, maxPerPhase, phaseAt } from './restore/history-phases';
import { KafkaLogCounter } from './restore/kafka-log';
import { writeTopicBackup } from './restore/generate-backup';
import { peakMb, RssSampler } from './restore/memory-sampler';
import { runRestores, type RestoreRun } from './restore/restore-runner';
import { machineLines, printRoundsSummary, printTable, TABLE_NOTES, type Row } from './restore/table';
import { buildWorker, WORKER_ENTRIES, type WorkerProcess } from './restore/worker-process';

const RATIO_TARGET: Record<DeliveryMode, number> = { 'at-least-once': 0.9, 'exactly-once': 0.7 };
const log = (line = '') => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Context {
  args: BenchArgs;
  plan: BenchPlan;
  config: LifeboatConfig;
  clusters: KafkaClusters;
  admin: Admin;
  client: Client;
  resources: BenchResources;
  logDir: string;
  kafkaLog: KafkaLogCounter;
}

let currentWorkers: WorkerProcess[] = [];

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const config = loadConfig();
  const plan = benchPlan(args);
  const logDir = mkdtempSync(join(tmpdir(), `lifeboat-bench-${plan.runId}-`));
  const kafkaLog = new KafkaLogCounter();
  const clusters = new KafkaClusters(config.clusters, { clientId: 'lifeboat-bench', logCreator: kafkaLog.logCreator });
  const storage = createStorage(config.gcs);
  let admin: Admin | undefined;
  const connectAdmin = async () => {
    if (!admin) {
      admin = clusters.client('destination').admin();
      await admin.connect();
    }
    return admin;
  };
  const resources = new BenchResources(storage.bucket(BENCH_BUCKET), plan.root, connectAdmin);
  // One cleanup, whoever asks first: Ctrl-C, or the end of main (also after a failure).
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      for (const worker of currentWorkers) worker.killNow();
      if (args.keep) return log(`--keep: left gs://${BENCH_BUCKET}/${plan.root}/ and the bench-${plan.runId}-* topics in place`);
      const ok = await resources.cleanup(log);
      log(ok ? `cleanup: deleted gs://${BENCH_BUCKET}/${plan.root}/, the benchmark topics and progress groups` : 'cleanup: incomplete (see above)');
    })());
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    log('\ninterrupted: cleaning up…');
    void cleanup().finally(() => process.exit(130));
  });

  let failed = false;
  let client: Client | undefined;
  try {
    printHeader(args, plan, logDir);
    if (!args.tsxWorker) buildWorker();
    client = await connectClient(config);
    const ctx: Context = { args, plan, config, clusters, admin: await connectAdmin(), client, resources, logDir, kafkaLog };
    await generate(ctx, storage);
    const rows: Row[] = [];
    // Round after round over the formats, so that a slow spell of the machine falls on all of them.
    for (let round = 1; round <= args.rounds; round++) {
      for (const topic of plan.topics) rows.push(...(await measureTopic(ctx, topic, round)));
    }
    const byFormat = plan.topics.flatMap((t) => rows.filter((r) => r.format === t.format));
    log();
    log('Results');
    printTable(byFormat, log);
    if (args.rounds > 1) {
      log();
      log(`Summary over ${args.rounds} rounds (each restore against the (a) measured just before it)`);
      printRoundsSummary(byFormat, log);
    }
    log();
    for (const note of TABLE_NOTES) log(note);
  } catch (err) {
    failed = true;
    if (!interrupted) console.error(`\nbenchmark failed: ${(err as Error).stack ?? err}`);
  } finally {
    log();
    await cleanup().catch((err) => {
      failed = true;
      console.error(`cleanup failed: ${(err as Error).message}`);
    });
    await admin?.disconnect().catch(() => undefined);
    await clusters.close();
    await client?.connection.close().catch(() => undefined);
  }
  process.exit(interrupted ? 130 : failed ? 1 : 0);
}

const REPO = resolve(__dirname, '..');
const workerEntry = (args: BenchArgs) => relative(REPO, WORKER_ENTRIES[args.tsxWorker ? 'tsx' : 'compiled']);

function printHeader(args: BenchArgs, plan: BenchPlan, logDir: string): void {
  log('Lifeboat restore benchmark');
  for (const line of machineLines()) log(line);
  const total = plan.topics.reduce((n, t) => n + totalRecords(t), 0);
  log(
    `backup      ${total.toLocaleString('en-US')} records, ${args.partitions} partitions per topic, flush.size ${plan.flushSize}, Avro codec ${args.avroCodec}, ` +
      `gs://${BENCH_BUCKET}/${plan.root}/`,
  );
  for (const t of plan.topics) log(`            ${t.format.padEnd(9)} ${t.topic}: ${totalRecords(t).toLocaleString('en-US')} records (${t.recordsPerPartition} per partition)`);
  log(
    `worker      ${args.workers > 1 ? `${args.workers} fresh \`node ${workerEntry(args)} worker\` processes` : `a fresh \`node ${workerEntry(args)} worker\``} per delivery mode on its own task queue, ` +
      `restoring ${args.secondRestore ? 'twice (its first restore, then a 2nd: --second-restore)' : 'once'}, idling until its memory is returned (≤ ${args.workerSettleSeconds} s) before each`,
  );
  log(
    `memory      ${args.untunedWorker ? 'workers started without worker/memory-settings.ts (--untuned-worker)' : `workers started with ${Object.entries(WORKER_MEMORY_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}, as docker-compose.yml starts its worker`}; the baseline runs in this process, untuned`,
  );
  log(`verify      ${args.verify ?? "the runbook's default"}`);
  log(`worker logs ${logDir}`);
  log();
}

async function generate(ctx: Context, storage: ReturnType<typeof createStorage>): Promise<void> {
  log('Generating the backup (sink simulator → GCS emulator)');
  const started = Date.now();
  for (const topic of ctx.plan.topics) {
    const g = await writeTopicBackup(storage.bucket(BENCH_BUCKET), topic, { flushSize: ctx.plan.flushSize, avroCodec: ctx.args.avroCodec });
    log(
      `  ${topic.format.padEnd(9)} ${g.records.toLocaleString('en-US')} records → ${g.objects} objects, ${(g.storedBytes / 1e6).toFixed(1)} MB stored, ` +
        `${seconds(g.ms)} (${Math.round(g.records / (g.ms / 1000)).toLocaleString('en-US')} records/s)`,
    );
  }
  log(`  generated and uploaded in ${seconds(Date.now() - started)}`);
  log();
}

/** One baseline run: (a) itself, and the variants that show what one difference alone is worth. */
interface BaselineVariant {
  key: 'idempotent' | 'encoder' | 'transactional';
  mode: BaselineMode;
  encoder: BaselineEncoder;
  label: string;
  topicSuffix: string;
}

/**
 * (a) then (b) for one format topic; each run into its own fresh destination topic. With --rounds, the
 * variants that show what one difference alone is worth run in the first round only.
 */
async function measureTopic(ctx: Context, topic: BenchTopic, round: number): Promise<Row[]> {
  const rounds = ctx.args.rounds;
  const inRound = rounds > 1 ? `, round ${round}` : '';
  const roundSuffix = rounds > 1 ? `-r${round}` : '';
  log(`Measuring ${topic.format} (${totalRecords(topic).toLocaleString('en-US')} records, ${topic.partitions} partitions)${rounds > 1 ? `, round ${round} of ${rounds}` : ''}`);
  const rows: Row[] = [];
  const variants: BaselineVariant[] = [
    { key: 'idempotent', mode: 'idempotent', encoder: 'kafkajs', label: '(a) kafkajs idempotent', topicSuffix: 'idem' },
    ...(round === 1
      ? [
          { key: 'encoder', mode: 'idempotent', encoder: 'lifeboat', label: "kafkajs + Lifeboat's encoder", topicSuffix: 'enc' } as const,
          ...(ctx.args.transactionalBaseline ? [{ key: 'transactional', mode: 'transactional', encoder: 'kafkajs', label: 'kafkajs transactional', topicSuffix: 'txn' } as const] : []),
        ]
      : []),
  ];
  let values: Buffer[][] | undefined = publishedValues(topic);
  const baselines: Partial<Record<BaselineVariant['key'], ThroughputResult>> = {};
  for (const variant of variants) {
    ctx.kafkaLog.take();
    const memory = new RssSampler(process.pid); // this process: the values are already in memory
    memory.start();
    const cpu = CpuAccounting.begin();
    const destinationTopic = ctx.resources.topic(`${topic.topic}-raw-${variant.topicSuffix}${roundSuffix}`);
    const result = await runBaseline({
      kafka: ctx.clusters.client('destination'),
      admin: ctx.admin,
      destinationTopic,
      values,
      mode: variant.mode,
      encoder: variant.encoder,
      commitEvery: RESTORE_DEFAULTS.transactionMaxRecords,
      transactionalIdPrefix: `lifeboat-bench.${destinationTopic}`,
    });
    baselines[variant.key] = result;
    const retries = ctx.kafkaLog.take().concurrentTransactions;
    const cpuUse = cpu.end();
    const rss = memory.stop();
    log(
      `  ${variant.label.replace(/^\(a\) /, '').padEnd(28)} ${seconds(result.ms)}, ${Math.round(result.records / (result.ms / 1000)).toLocaleString('en-US')} records/s, ${result.sends} sends` +
        (variant.mode === 'transactional' ? `, ${retries} CONCURRENT_TRANSACTIONS retries` : '') +
        `\n      ${formatCpu(cpuUse)}; this process's RSS ${rss.startMb.toFixed(0)} → peak ${peakMb(rss).toFixed(0)} MB while producing`,
    );
  }
  values = undefined; // the restores run in another process; let this one's memory go
  const a = baselines.idempotent!;
  for (const variant of variants) {
    const result = baselines[variant.key]!;
    rows.push(row(topic, variant.label + inRound, result.records, result.bytes, result.ms, { ratio: a.ms / result.ms, series: variant.label }));
  }

  for (const delivery of ['exactly-once', 'at-least-once'] as const) {
    const short = delivery === 'exactly-once' ? 'eos' : 'alo';
    const runs: RestoreRun[] = (ctx.args.secondRestore ? ['', '-2'] : ['']).map((suffix) => {
      const restoreId = `bench-${ctx.plan.runId}-${topic.format}-${short}${suffix}${roundSuffix}`;
      ctx.resources.group(restoreProgressGroup(restoreId));
      return { topic, delivery, restoreId, destinationTopic: ctx.resources.topic(`${topic.topic}-${short}${suffix}${roundSuffix}`), verify: ctx.args.verify };
    });
    const measurements = await runRestores(ctx.client, ctx.config, runs, { admin: ctx.admin, logDir: ctx.logDir, settleSeconds: ctx.args.workerSettleSeconds, cpuProfileDir: ctx.args.profileWorker ? join(ctx.logDir, 'profiles') : undefined, nodeArgs: ctx.args.workerNodeArgs, workers: ctx.args.workers, memorySettings: !ctx.args.untunedWorker, runtime: ctx.args.tsxWorker ? 'tsx' : 'compiled', onWorkers: (w) => (currentWorkers = [...w]), onStarted: (h) => ctx.resources.workflow(h) });
    measurements.forEach((m, i) => {
      const { totals } = m.report;
      if (!m.report.verified || totals.records !== a.records || totals.bytes !== a.bytes) {
        throw new Error(`${m.workflowId}: restored ${totals.records} records / ${totals.bytes} bytes (verified ${m.report.verified}), the baseline produced ${a.records} / ${a.bytes}: not comparable`);
      }
      const label = `${delivery}${i > 0 ? ', 2nd' : ''}`;
      const streamMs = Math.max(...m.report.partitions.map((p) => p.durationMs));
      log(
        `  restore ${label.padEnd(18)} ${seconds(m.ms)} (streaming ${seconds(streamMs)}), ${Math.round(totals.records / (m.ms / 1000)).toLocaleString('en-US')} records/s, ` +
          `peak RSS ${peakMb(m.memory).toFixed(0)} MB (at: ${phaseAt(m.history, m.memory.sampledPeakAt)}; idle ${m.memory.startMb.toFixed(0)} MB after ${m.settledSeconds?.toFixed(0) ?? 0} s), ${m.concurrentTransactionRetries} CONCURRENT_TRANSACTIONS retries, ` +
          `${m.history.events} history events\n      ${formatCpu(m.cpu)}\n      ${formatHistory(m.history)}\n      RSS max by phase: ${maxPerPhase(m.history, m.memory.series)}` +
          (ctx.args.workers > 1 ? `\n      partitions per worker: ${Object.values(m.history.partitionsByWorker).join(', ')}` : '') +
          `\n      events: ${formatEventTypes(m.history.eventTypes)}`,
      );
      const series = `(b) restore ${label}${ctx.args.workers > 1 ? ` ×${ctx.args.workers}` : ''}`;
      rows.push(
        row(topic, series + inRound, totals.records, totals.bytes, m.ms, {
          series,
          ratio: a.ms / m.ms,
          ratioTarget: RATIO_TARGET[delivery],
          peakMb: peakMb(m.memory),
          idleMb: m.memory.startMb,
          historyEvents: m.history.events,
          streamMs,
          readBackMs: m.history.phases.readBack,
        }),
      );
    });
  }
  log();
  return rows;
}

function row(topic: BenchTopic, run: string, records: number, bytes: number, ms: number, extra: Partial<Row>): Row {
  return { format: topic.format, run, records, bytes, ms, partitions: topic.partitions, ...extra };
}

function formatEventTypes(types: Record<string, number>): string {
  return Object.entries(types)
    .sort((x, y) => y[1] - x[1])
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
}

main().catch((err) => {
  console.error((err as Error).message ?? err); // bad arguments or configuration: nothing was created yet
  process.exit(2);
});
