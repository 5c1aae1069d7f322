import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { LOCAL_STACK, port, SEARCH_ATTRIBUTES } from '../config';
import { paths } from '../paths';
import type { Prerequisite } from '../prerequisites';
import { httpRequest, startDetached, tcpOpen, type Log } from '../process';
import type { Service } from './types';
import { installVenv, venvBinary, venvReady } from './venv';

const KEYWORD = 2; // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
const grpcPort = port(LOCAL_STACK.temporalAddress);
const uiPort = port(LOCAL_STACK.temporalUi);

/** Runs `fn` on a short-lived client connection (health checks must not keep the process alive). */
async function withOperator<T>(fn: (c: Connection) => Promise<T>): Promise<T> {
  const conn = await Connection.connect({ address: LOCAL_STACK.temporalAddress, connectTimeout: 3000 });
  try {
    return await fn(conn);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

async function missingSearchAttributes(): Promise<string[]> {
  const res = await withOperator((c) => c.operatorService.listSearchAttributes({ namespace: LOCAL_STACK.temporalNamespace }));
  const custom = res.customAttributes ?? {};
  return Object.values(SEARCH_ATTRIBUTES).filter((name) => custom[name] !== KEYWORD);
}

export function temporalService(): Service {
  const name = 'temporal';
  const dataDir = paths.data(name);
  const dbFile = path.join(dataDir, 'temporal.db');
  return {
    name,
    endpoint: `${LOCAL_STACK.temporalAddress} (UI ${LOCAL_STACK.temporalUi})`,
    ports: [grpcPort, uiPort],
    marker: dbFile,
    startTimeoutMs: 90_000,
    prerequisites: (): Prerequisite[] => (venvReady() ? [] : ['python']),
    install: installVenv,
    async start() {
      fs.mkdirSync(dataDir, { recursive: true });
      return startDetached({
        name,
        command: venvBinary(/^temporal$/),
        // The SQLite file keeps namespaces and workflow history across a server restart.
        args: [
          'server', 'start-dev',
          '--ip', '127.0.0.1', '--port', String(grpcPort), '--ui-port', String(uiPort),
          '--namespace', LOCAL_STACK.temporalNamespace,
          '--db-filename', dbFile,
          ...Object.values(SEARCH_ATTRIBUTES).flatMap((sa) => ['--search-attribute', `${sa}=Keyword`]),
          '--log-level', 'warn',
        ],
        cwd: dataDir,
      });
    },
    async health() {
      if (!(await tcpOpen(grpcPort))) return `nothing listens on ${LOCAL_STACK.temporalAddress}`;
      const ui = await httpRequest(LOCAL_STACK.temporalUi);
      if (ui.status !== 200) return `UI ${LOCAL_STACK.temporalUi} answered ${ui.status || ui.body}`;
      try {
        const missing = await missingSearchAttributes();
        return missing.length ? `search attributes not registered: ${missing.join(', ')}` : undefined;
      } catch (err) {
        return `gRPC ${LOCAL_STACK.temporalAddress}: ${(err as Error).message}`;
      }
    },
    // Attributes come from --search-attribute at start; this only matters for a server that was
    // started another way (e.g. docker-compose) and reached through the same address.
    async ensure(log: Log) {
      const missing = await missingSearchAttributes().catch(() => []);
      if (missing.length === 0) return;
      log(`temporal: registering search attributes ${missing.join(', ')}`);
      await withOperator((c) =>
        c.operatorService.addSearchAttributes({ namespace: LOCAL_STACK.temporalNamespace, searchAttributes: Object.fromEntries(missing.map((m) => [m, KEYWORD])) }),
      );
    },
  };
}
