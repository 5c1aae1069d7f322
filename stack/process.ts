import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { paths } from './paths';

export type Log = (line: string) => void;

export interface DetachedSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a long-lived service that must outlive the `up` command: its own process group (so `down`
 * can kill it and all its children at once), stdout/stderr appended to .lifeboat/logs/<name>.log.
 */
export function startDetached(spec: DetachedSpec): number {
  const logFile = paths.log(spec.name);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.mkdirSync(path.dirname(paths.pid(spec.name)), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} lifeboat starts: ${spec.command} ${spec.args.join(' ')}\n`);
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.on('error', () => undefined); // reported through the missing pid below / the health wait
  child.unref();
  if (!child.pid) throw new Error(`could not start ${spec.name}: ${spec.command} did not spawn (see ${logFile})`);
  fs.writeFileSync(paths.pid(spec.name), `${child.pid}\n`);
  return child.pid;
}

/** A pid that is alive and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

/**
 * The pid recorded for a service, if that process still runs. `marker` must appear in its command
 * line, so a pid reused by an unrelated process after a reboot is never mistaken for (or killed as) ours.
 */
export function runningPid(name: string, marker: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(paths.pid(name), 'utf8').trim(), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid)) return undefined;
  const cmd = commandLine(pid);
  return cmd === undefined || cmd.includes(marker) ? pid : undefined;
}

export function removePidFile(name: string): void {
  fs.rmSync(paths.pid(name), { force: true });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the whole process group, SIGKILL what is left after the grace period, and wait until it is gone. */
export async function killGroup(pgid: number, graceMs: number): Promise<'terminated' | 'killed'> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* already gone */
    }
  };
  signal('SIGTERM');
  if (await waitUntil(() => !groupAlive(pgid) && !isAlive(pgid), graceMs)) return 'terminated';
  signal('SIGKILL');
  if (await waitUntil(() => !groupAlive(pgid) && !isAlive(pgid), 10_000)) return 'killed';
  throw new Error(`process group ${pgid} survived SIGKILL`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    await sleep(100);
  }
  return cond();
}

/** True when something accepts TCP connections on host:port. */
export function tcpOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** GET (or other method) with a timeout; never throws, a failure comes back as status 0. */
export async function httpRequest(url: string, init: RequestInit = {}, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { status: 0, body: (err as Error).message };
  }
}

/**
 * Polls `check` (undefined = healthy, string = why not) until healthy. Fails early if the process
 * died, and always names the service and quotes the tail of its log so the cause is visible at once.
 */
export async function waitHealthy(name: string, pid: number | undefined, check: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason: string | undefined = 'not checked yet';
  while (Date.now() < deadline) {
    reason = await check();
    if (reason === undefined) return;
    if (pid !== undefined && !isAlive(pid)) {
      throw new Error(`${name} exited during start-up (${reason}).\n--- last lines of ${paths.log(name)} ---\n${tailLog(name)}`);
    }
    await sleep(500);
  }
  throw new Error(`${name} not healthy after ${Math.round(timeoutMs / 1000)}s: ${reason}.\n--- last lines of ${paths.log(name)} ---\n${tailLog(name)}`);
}

export function tailLog(name: string, lines = 30): string {
  // Only the end of the file: logs are appended across starts and grow past what one string can hold.
  const TAIL_BYTES = 64 * 1024;
  let fd: number | undefined;
  try {
    fd = fs.openSync(paths.log(name), 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '(no log file)';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Runs an install/format step to completion; async so installs of different services overlap. */
export function run(what: string, command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => reject(new Error(`${what} failed: cannot run ${command}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${what} failed (${command} ${args.join(' ')}): exit ${code}\n${out.trim().split('\n').slice(-30).join('\n')}`));
    });
  });
}
