import { parseArgs } from 'node:util';
import type { BenchFormat } from './records';

export interface BenchArgs {
  records: number;
  partitions: number;
  flushSize: number;
  avroCodec: 'null' | 'deflate' | 'snappy';
  formats: BenchFormat[];
  transactionalBaseline: boolean;
  /** The restore's verify step; undefined = the runbook's default. */
  verify?: 'read-back' | 'counts';
  /** At most this many seconds a fresh worker idles before its restore starts (V8 returns start-up garbage — module loading, the workflow sandbox — within ~25 s). */
  workerSettleSeconds: number;
  /** Run each worker with V8's --cpu-prof, profiles next to the worker logs. */
  profileWorker: boolean;
  /** Extra node flags for each worker (diagnostics, e.g. --trace-gc or --max-old-space-size=256). */
  workerNodeArgs: string[];
  /** Worker processes per restore, sharing its task queue. */
  workers: number;
  /** Start workers without worker/memory-settings.ts's settings (which docker-compose.yml gives its worker). */
  untunedWorker: boolean;
  /** Run workers from the sources through tsx instead of the compiled build. */
  tsxWorker: boolean;
  /** Also measure a second restore on each worker, after its first. */
  secondRestore: boolean;
  /** Measure (a) and the restores this many times, alternating; the summary gives each ratio's median. */
  rounds: number;
  keep: boolean;
}

export const USAGE = `npm run bench:restore -- [--records N] [--partitions P] [--flush-size F] [--avro-codec deflate|null|snappy]
                           [--formats avro,json,bytearray] [--no-transactional-baseline] [--verify read-back|counts] [--workers W] [--worker-settle S] [--profile-worker] [--worker-node-args="…"] [--untuned-worker] [--tsx-worker] [--second-restore] [--rounds N] [--keep]
  --records N          records in total across formats (default 1000000; 40% Avro, 30% JSON, 30% ByteArray)
  --partitions P       partitions per topic, also tasks.max of the restore (default 6)
  --flush-size F       records per backup object, as the sink's flush.size (default 2500)
  --avro-codec C       Avro container codec (default deflate)
  --verify V           the restore's verify step, read-back or counts (default: the runbook's default)
  --workers W          worker processes per restore, sharing its task queue, each taking at most its share of the
                       partitions (LIFEBOAT_MAX_CONCURRENT_ACTIVITIES) (default 1); peak RSS is then the highest
                       of them, CPU their sum
  --worker-settle S    a fresh worker idles until V8 has returned its start-up memory, at most S seconds
                       (default 45; 0 = start at once: the peak then includes start-up garbage)
  --profile-worker     write a V8 CPU profile of each restore worker (node --cpu-prof) next to the worker logs
  --worker-node-args=A extra node flags for each worker, space-separated (e.g. --worker-node-args=--trace-gc)
  --untuned-worker     start workers without the memory settings of worker/memory-settings.ts (by default they
                       get them, as docker-compose.yml's worker does)
  --tsx-worker         run workers from the sources through tsx (\`npx lifeboat worker\`, development) instead of the
                       compiled build (\`npm run build\`, run first; what docker-compose.yml's worker runs)
  --second-restore     after each worker's first restore, measure a second one on the same worker: a long-lived
                       worker's figures (V8 has compiled its code paths) and whether its memory creeps
  --rounds N           measure (a) and each restore N times (default 1), round after round over the formats, each
                       restore against the (a) measured just before it; a summary gives each ratio's median and
                       range, and the targets are judged on the median (one run on a shared machine is noisy)
  --keep               leave topics and objects in place (for a look afterwards)`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string', default: '1000000' },
      partitions: { type: 'string', default: '6' },
      'flush-size': { type: 'string', default: '2500' },
      'avro-codec': { type: 'string', default: 'deflate' },
      formats: { type: 'string', default: 'avro,json,bytearray' },
      'no-transactional-baseline': { type: 'boolean', default: false },
      verify: { type: 'string' },
      workers: { type: 'string', default: '1' },
      'worker-settle': { type: 'string', default: '45' },
      'profile-worker': { type: 'boolean', default: false },
      'worker-node-args': { type: 'string', default: '' },
      'untuned-worker': { type: 'boolean', default: false },
      'tsx-worker': { type: 'boolean', default: false },
      'second-restore': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, text: string): number => {
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${text}\n${USAGE}`);
    return n;
  };
  const codec = values['avro-codec']!;
  if (!['null', 'deflate', 'snappy'].includes(codec)) throw new Error(`--avro-codec must be deflate, null or snappy\n${USAGE}`);
  const formats = values.formats!.split(',').map((f) => f.trim()) as BenchFormat[];
  if (!formats.length || formats.some((f) => !['avro', 'json', 'bytearray'].includes(f))) throw new Error(`--formats takes avro, json, bytearray\n${USAGE}`);
  if (values.verify !== undefined && !['read-back', 'counts'].includes(values.verify)) throw new Error(`--verify takes read-back or counts\n${USAGE}`);
  return {
    records: positive('records', values.records!),
    partitions: positive('partitions', values.partitions!),
    flushSize: positive('flush-size', values['flush-size']!),
    avroCodec: codec as BenchArgs['avroCodec'],
    formats,
    transactionalBaseline: !values['no-transactional-baseline'],
    verify: values.verify as BenchArgs['verify'],
    workerSettleSeconds: values['worker-settle'] === '0' ? 0 : positive('worker-settle', values['worker-settle']!),
    profileWorker: values['profile-worker']!,
    workerNodeArgs: values['worker-node-args']!.split(/\s+/).filter(Boolean),
    workers: positive('workers', values.workers!),
    untunedWorker: values['untuned-worker']!,
    tsxWorker: values['tsx-worker']!,
    secondRestore: values['second-restore']!,
    rounds: positive('rounds', values.rounds!),
    keep: values.keep!,
  };
}
