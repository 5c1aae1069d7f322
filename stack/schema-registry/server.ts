/**
 * Minimal Confluent-Schema-Registry-compatible server for the local stack (see README.md for why it
 * exists). Run as its own process by stack/services/schema-registry.ts; configured by environment:
 * SR_HOST, SR_PORT, SR_KAFKA_BOOTSTRAP, SR_TOPIC.
 */
import * as http from 'node:http';
import { KafkaStore } from './kafka-store';
import { Registry, RegistryError, type RegisterRequest, type SchemaValue, type StoreRecord } from './registry';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_BODY = 16 * 1024 * 1024;

type Handler = (m: RegExpMatchArray, q: URLSearchParams, body: () => Promise<RegisterRequest & Record<string, unknown>>) => Promise<unknown>;

export function createServer(registry: Registry, write: (records: StoreRecord[]) => Promise<void>): http.Server {
  // Commands read state then append records: one at a time, so ids and versions never collide.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const commit = async <T extends { records: StoreRecord[] }>(result: T): Promise<T> => {
    await write(result.records);
    return result;
  };
  const deleted = (q: URLSearchParams) => q.get('deleted') === 'true';
  const view = (v: SchemaValue) => ({ subject: v.subject, version: v.version, id: v.id, ...(v.schemaType && { schemaType: v.schemaType }), ...(v.references && { references: v.references }), schema: v.schema });
  const S = '([^/]+)';

  const routes: Array<[string, RegExp, Handler]> = [
    ['GET', /^\/$/, async () => ({})],
    ['GET', /^\/schemas\/types$/, async () => ['JSON', 'PROTOBUF', 'AVRO']],
    ['GET', /^\/schemas\/ids\/(\d+)$/, async (m) => {
      const v = registry.getById(Number(m[1]));
      return { ...(v.schemaType && { schemaType: v.schemaType }), ...(v.references && { references: v.references }), schema: v.schema };
    }],
    ['GET', /^\/schemas\/ids\/(\d+)\/schema$/, async (m) => registry.getById(Number(m[1])).schema],
    ['GET', /^\/schemas\/ids\/(\d+)\/subjects$/, async (m) => [...new Set(registry.usagesOf(Number(m[1])).map((u) => u.subject))]],
    ['GET', /^\/schemas\/ids\/(\d+)\/versions$/, async (m) => registry.usagesOf(Number(m[1]))],
    ['GET', /^\/subjects$/, async (_m, q) => registry.listSubjects(deleted(q))],
    ['GET', new RegExp(`^/subjects/${S}/versions$`), async (m, q) => registry.listVersions(m[1], deleted(q))],
    ['GET', new RegExp(`^/subjects/${S}/versions/${S}$`), async (m, q) => view(registry.getVersion(m[1], m[2], deleted(q)))],
    ['GET', new RegExp(`^/subjects/${S}/versions/${S}/schema$`), async (m, q) => registry.getVersion(m[1], m[2], deleted(q)).schema],
    ['POST', new RegExp(`^/subjects/${S}/versions$`), async (m, _q, body) => {
      const req = await body();
      return serial(async () => ({ id: (await commit(registry.register(m[1], req))).id }));
    }],
    ['POST', new RegExp(`^/subjects/${S}$`), async (m, q, body) => view(registry.lookup(m[1], await body(), deleted(q)))],
    ['DELETE', new RegExp(`^/subjects/${S}$`), async (m, q) => serial(async () => (await commit(registry.deleteSubject(m[1], q.get('permanent') === 'true'))).versions)],
    ['DELETE', new RegExp(`^/subjects/${S}/versions/${S}$`), async (m, q) => serial(async () => (await commit(registry.deleteVersion(m[1], m[2], q.get('permanent') === 'true'))).version)],
    ['POST', new RegExp(`^/compatibility/subjects/${S}/versions(?:/${S})?$`), async (m, q, body) => {
      const problems = registry.checkCompatibility(m[1], await body(), m[2]);
      return { is_compatible: problems.length === 0, ...(q.get('verbose') === 'true' && { messages: problems }) };
    }],
    ['GET', /^\/config$/, async () => ({ compatibilityLevel: registry.compatibility() })],
    ['PUT', /^\/config$/, async (_m, _q, body) => {
      const req = await body();
      return serial(async () => ({ compatibility: (await commit(registry.setCompatibility(null, req.compatibility))).level }));
    }],
    ['GET', new RegExp(`^/config/${S}$`), async (m, q) => ({ compatibilityLevel: q.get('defaultToGlobal') === 'true' ? registry.compatibility(m[1]) : registry.subjectCompatibilityOrThrow(m[1]) })],
    ['PUT', new RegExp(`^/config/${S}$`), async (m, _q, body) => {
      const req = await body();
      return serial(async () => ({ compatibility: (await commit(registry.setCompatibility(m[1], req.compatibility))).level }));
    }],
    ['DELETE', new RegExp(`^/config/${S}$`), async (m) => serial(async () => ({ compatibilityLevel: (await commit(registry.deleteSubjectCompatibility(m[1]))).level }))],
    ['GET', /^\/mode$/, async () => ({ mode: 'READWRITE' })],
  ];

  return http.createServer((req, res) => {
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname.replace(/\/+$/, '') || '/';
    const body = () => readJson(req);
    (async () => {
      let methodMismatch = false;
      for (const [method, re, handler] of routes) {
        const m = pathname.match(re);
        if (!m) continue;
        if (method !== req.method) {
          methodMismatch = true;
          continue;
        }
        const decoded = m.map((part, i) => (i === 0 || part === undefined ? part : decodeURIComponent(part))) as RegExpMatchArray;
        return send(200, await handler(decoded, url.searchParams, body));
      }
      if (methodMismatch) return send(405, { error_code: 405, message: 'HTTP 405 Method Not Allowed' });
      return send(404, { error_code: 404, message: 'HTTP 404 Not Found' });
    })().catch((err: unknown) => {
      if (err instanceof RegistryError) return send(err.status, { error_code: err.errorCode, message: err.message });
      if (err instanceof BadRequest) return send(err.status, { error_code: err.status, message: err.message });
      console.error('request failed', req.method, req.url, err);
      send(500, { error_code: 50001, message: `Error in the backend data store: ${(err as Error).message}` });
    });
  });
}

class BadRequest extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readJson(req: http.IncomingMessage): Promise<RegisterRequest & Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new BadRequest(413, 'Request entity too large'));
      else chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
        resolve(parsed as RegisterRequest & Record<string, unknown>);
      } catch (err) {
        reject(new BadRequest(400, `Unrecognized request body: ${(err as Error).message}`));
      }
    });
  });
}

async function main(): Promise<void> {
  const host = process.env.SR_HOST ?? '127.0.0.1';
  const port = Number(process.env.SR_PORT ?? 8081);
  const bootstrap = process.env.SR_KAFKA_BOOTSTRAP ?? '127.0.0.1:19092';
  const topic = process.env.SR_TOPIC ?? '_schemas';
  const registry = new Registry();
  const store = new KafkaStore(bootstrap, topic, (k, v) => registry.apply(k, v));
  console.log(`schema-registry: replaying ${topic} from ${bootstrap}`);
  await store.start();
  // Listen only once caught up: a 200 from /subjects then means "all schemas are loaded".
  const server = createServer(registry, (records) => store.write(records));
  server.listen(port, host, () => console.log(`schema-registry: listening on http://${host}:${port} (${registry.listSubjects(true).length} subjects)`));
  const shutdown = () => {
    server.close();
    void store.stop().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((err) => {
    console.error('schema-registry: failed to start:', err);
    process.exit(1);
  });
}
