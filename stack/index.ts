/**
 * The local dev stack: two Kafka 4 clusters (KRaft), Temporal dev server, a GCS emulator and a
 * Confluent-compatible schema registry, installed under .lifeboat/cache and run as detached
 * processes from this repo — no Docker needed. docker-compose.yml describes the same stack for
 * machines that have Docker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths, STATE_DIR } from './paths';
import { checkPrerequisites } from './prerequisites';
import { isAlive, killGroup, removePidFile, runningPid, sleep, tcpOpen, waitHealthy, type Log } from './process';
import { gcsService } from './services/gcs';
import { KAFKA_CLUSTERS, kafkaService } from './services/kafka';
import { schemaRegistryService } from './services/schema-registry';
import { temporalService } from './services/temporal';
import type { Service } from './services/types';

export { kafkaSaslPassword, LOCAL_STACK, SEARCH_ATTRIBUTES, VERSIONS } from './config';

export interface ServiceStatus {
  name: string;
  running: boolean;
  healthy: boolean;
  pid?: number;
  endpoint: string;
  detail?: string;
  /** This call started it (rather than finding it running): what a caller that cleans up after itself stops. */
  startedNow?: boolean;
}

export function stackServices(): Service[] {
  return [kafkaService(KAFKA_CLUSTERS.source), kafkaService(KAFKA_CLUSTERS.destination), temporalService(), gcsService(), schemaRegistryService()];
}

const noop: Log = () => undefined;

/** Installs what is missing, starts what is not running, and returns once every service is healthy. */
export async function stackUp(opts: { log?: Log } = {}): Promise<ServiceStatus[]> {
  const log = opts.log ?? noop;
  return withLock(log, async () => {
    const all = stackServices();
    checkPrerequisites(all.filter((s) => runningPid(s.name, s.marker) === undefined).flatMap((s) => s.prerequisites()));
    const started = new Map<string, Promise<ServiceStatus>>();
    const startedNow = new Map<string, number>(); // service → pid this call started, healthy or not
    for (const svc of all) {
      // Independent services start in parallel; a dependent one waits for its dependencies' health.
      const deps = (svc.dependsOn ?? []).map((d) => started.get(d)!);
      const named = (err: Error) => Promise.reject(err.message.startsWith(svc.name) ? err : new Error(`${svc.name}: ${err.message}`));
      const onStarted = (pid: number) => startedNow.set(svc.name, pid);
      started.set(svc.name, Promise.all(deps).then(() => upOne(svc, log, onStarted).catch(named), (err: Error) => Promise.reject(new Error(`${svc.name}: not started because a dependency failed (${err.message.split('\n')[0]})`))));
    }
    const results = await Promise.allSettled(started.values());
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as Error).message);
    if (failures.length) {
      // Leave nothing behind: what this call started would hold the ports against the next attempt, and
      // runs detached, so a killed CI job would not take it down.
      await Promise.all([...startedNow].map(([name, pid]) => stopStarted(name, pid, log)));
      throw new Error(`stack up failed:\n\n${failures.join('\n\n')}`);
    }
    return results.map((r) => {
      const status = (r as PromiseFulfilledResult<ServiceStatus>).value;
      return startedNow.has(status.name) ? { ...status, startedNow: true } : status;
    });
  });
}

/** Kafka does a controlled shutdown on SIGTERM (flushes logs, leaves the quorum): give it time. */
const stopGraceMs = (service: string): number => (service.startsWith('kafka') ? 30_000 : 10_000);

async function stopStarted(name: string, pid: number, log: Log): Promise<void> {
  log(`${name}: stopping it again (pid ${pid}), as the stack did not come up`);
  await killGroup(pid, stopGraceMs(name)).catch(() => undefined);
  removePidFile(name);
}

async function upOne(svc: Service, log: Log, onStarted: (pid: number) => void): Promise<ServiceStatus> {
  const up = async (pid?: number, detail?: string): Promise<ServiceStatus> => {
    await svc.ensure?.(log);
    return { name: svc.name, running: true, healthy: true, pid, endpoint: svc.endpoint, ...(detail && { detail }) };
  };
  let pid = runningPid(svc.name, svc.marker);
  if (pid !== undefined) {
    const reason = await svc.health();
    if (reason === undefined) {
      log(`${svc.name}: already up (pid ${pid})`);
      return up(pid);
    }
    log(`${svc.name}: running (pid ${pid}) but not healthy yet (${reason}); waiting`);
    try {
      await waitHealthy(svc.name, pid, () => svc.health(), svc.startTimeoutMs);
      return up(pid);
    } catch (err) {
      if (isAlive(pid)) throw err;
      log(`${svc.name}: exited while we waited (it was probably stopping); starting it again`);
    }
  }
  removePidFile(svc.name);
  const busy = (await Promise.all(svc.ports.map(async (p) => ((await tcpOpen(p)) ? p : undefined)))).filter((p) => p !== undefined);
  if (busy.length) {
    // Someone else serves this port (e.g. docker-compose). Use it if healthy, never kill it.
    const reason = await svc.health();
    if (reason !== undefined) throw new Error(`${svc.name}: port ${busy.join(', ')} is already in use by a process lifeboat did not start, and it is not a healthy ${svc.name} (${reason}). Stop that process first.`);
    log(`${svc.name}: already served by a process lifeboat did not start; using it as is`);
    return up(undefined, 'external process (not started by lifeboat)');
  }
  await svc.install(log);
  const t0 = Date.now();
  log(`${svc.name}: starting`);
  pid = await svc.start(log);
  onStarted(pid);
  await waitHealthy(svc.name, pid, () => svc.health(), svc.startTimeoutMs);
  log(`${svc.name}: healthy after ${((Date.now() - t0) / 1000).toFixed(1)}s (pid ${pid}, log ${path.relative(process.cwd(), paths.log(svc.name))})`);
  return up(pid);
}

/** Stops every process the stack started (whole process groups) and verifies their ports are free. */
export async function stackDown(opts: { log?: Log; purge?: boolean; only?: readonly string[] } = {}): Promise<void> {
  const log = opts.log ?? noop;
  await withLock(log, async () => {
    // `only`: just these services (a test run stops what it started, not what it found running).
    const all = stackServices().filter((s) => !opts.only || opts.only.includes(s.name));
    const stop = async (svc: Service) => {
      const pid = runningPid(svc.name, svc.marker);
      if (pid !== undefined) {
        log(`${svc.name}: stopping (pid ${pid})`);
        const t0 = Date.now();
        const how = await killGroup(pid, stopGraceMs(svc.name));
        log(`${svc.name}: ${how === 'terminated' ? 'stopped' : 'did not stop within the grace period: killed'} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      }
      removePidFile(svc.name);
    };
    // The registry first, while Kafka is still there for it to leave its consumer group cleanly.
    const [dependents, bases] = [all.filter((s) => s.dependsOn?.length), all.filter((s) => !s.dependsOn?.length)];
    await Promise.all(dependents.map(stop));
    await Promise.all(bases.map(stop));
    const busy = await portsStillOpen(all.flatMap((s) => s.ports));
    if (busy.length) throw new Error(`stack down: ports ${busy.join(', ')} are still in use by processes lifeboat did not start (or could not stop)`);
    if (opts.purge) {
      log(`purging ${path.join(STATE_DIR, 'data')} and logs`);
      fs.rmSync(path.join(STATE_DIR, 'data'), { recursive: true, force: true });
      fs.rmSync(path.join(STATE_DIR, 'logs'), { recursive: true, force: true });
    }
  });
}

async function portsStillOpen(ports: number[]): Promise<number[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const open = (await Promise.all(ports.map(async (p) => ((await tcpOpen(p)) ? p : undefined)))).filter((p): p is number => p !== undefined);
    if (open.length === 0 || Date.now() > deadline) return open;
    await sleep(200);
  }
}

export async function stackStatus(): Promise<ServiceStatus[]> {
  return Promise.all(
    stackServices().map(async (svc): Promise<ServiceStatus> => {
      const pid = runningPid(svc.name, svc.marker);
      const listening = (await Promise.all(svc.ports.map((p) => tcpOpen(p)))).some(Boolean);
      if (pid === undefined && !listening) return { name: svc.name, running: false, healthy: false, endpoint: svc.endpoint, detail: 'not running' };
      const reason = await svc.health();
      const base = { name: svc.name, running: true, healthy: reason === undefined, endpoint: svc.endpoint };
      if (pid === undefined) return { ...base, detail: reason ?? 'external process (not started by lifeboat)' };
      return { ...base, pid, ...(reason !== undefined && { detail: reason }) };
    }),
  );
}

let inProcess: Promise<unknown> = Promise.resolve();

/** One `up`/`down` at a time per state dir (CI and a developer's shell may overlap), and per process. */
function withLock<T>(log: Log, fn: () => Promise<T>): Promise<T> {
  const next = inProcess.then(() => withFileLock(log, fn));
  inProcess = next.catch(() => undefined);
  return next;
}

async function withFileLock<T>(log: Log, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(STATE_DIR, 'run', 'stack.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch {
      const holder = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
      if (!Number.isInteger(holder) || !isAlive(holder)) {
        fs.rmSync(lock, { force: true }); // left by a process that died
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another lifeboat stack command (pid ${holder}) holds ${lock}`);
      if (!told) log(`waiting for another lifeboat stack command (pid ${holder}) to finish`);
      told = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
