/**
 * Process settings that keep a restore worker's peak memory close to what it holds (README, "Worker
 * memory"). Both must be in place before the process starts, so they belong to whatever launches the
 * worker: the docker-compose service, a systemd unit, a pod spec. Measured with `npm run bench:restore`
 * (6 partitions streaming at once, one sitting): peak RSS 324–357 MB without them, 283–302 MB with them,
 * for about 8 % less throughput. A 128 KB threshold saved no more and cost 17 %.
 */
export const WORKER_MEMORY_ENV = {
  /**
   * glibc serves allocations above this from mmap and gives them back on free. Its default threshold
   * climbs to the largest block freed so far (up to 32 MB), after which fetch responses and produce
   * requests of a MB or more come from malloc arenas and stay there, fragmented, after the restore.
   */
  MALLOC_MMAP_THRESHOLD_: '1048576',
  /** V8's young generation at most 3 × 8 MB instead of 3 × 16 MB: a restore's garbage is short-lived buffers. */
  NODE_OPTIONS: '--max-semi-space-size=8',
} as const;

/** Which of the settings this process started without (another value than ours counts as set). */
export function missingMemorySettings(env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv, platform: NodeJS.Platform = process.platform): string[] {
  const missing: string[] = [];
  if (platform === 'linux' && env.MALLOC_MMAP_THRESHOLD_ === undefined) missing.push(`MALLOC_MMAP_THRESHOLD_=${WORKER_MEMORY_ENV.MALLOC_MMAP_THRESHOLD_}`);
  const nodeFlags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (!nodeFlags.some((flag) => flag.startsWith('--max-semi-space-size'))) missing.push(`NODE_OPTIONS=${WORKER_MEMORY_ENV.NODE_OPTIONS}`);
  return missing;
}
