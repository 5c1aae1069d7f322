/**
 * The GCS emulator must behave like GCS where Lifeboat depends on it: prefix+delimiter listings,
 * page tokens, resumable uploads and streamed (and ranged) reads of large objects.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Storage, type File } from '@google-cloud/storage';
import { LOCAL_STACK, stackUp } from '../../stack';
import { paths } from '../../stack/paths';
import { fakeGcsServerBinary, removeEmptyEmulatorFolders } from '../../stack/services/gcs';
import { VERSIONS } from '../../stack/config';

const storage = new Storage({ apiEndpoint: LOCAL_STACK.gcsEndpoint, projectId: LOCAL_STACK.gcsProjectId });
const bucket = storage.bucket(LOCAL_STACK.gcsBucket);
const run = `it-gcs-emulator/${Date.now()}-${process.pid}`;

/** Deterministic pseudo-random bytes (xorshift), so content is checkable without keeping it in memory. */
function* chunks(totalBytes: number, chunkBytes: number): Generator<Buffer> {
  let x = 0x9e3779b9;
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) {
    const buf = Buffer.allocUnsafe(Math.min(chunkBytes, totalBytes - sent));
    for (let i = 0; i + 4 <= buf.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf.writeUInt32LE(x >>> 0, i);
    }
    yield buf;
  }
}

async function listPage(query: Record<string, unknown>): Promise<{ names: string[]; prefixes: string[]; next?: string }> {
  const [files, nextQuery, response] = await bucket.getFiles({ ...query, autoPaginate: false });
  return {
    names: files.map((f: File) => f.name),
    prefixes: ((response as { prefixes?: string[] } | undefined)?.prefixes ?? []).slice(),
    next: (nextQuery as { pageToken?: string } | null)?.pageToken,
  };
}

beforeAll(async () => {
  await stackUp(); // idempotent: a no-op when the global setup already brought the stack up
}, 300_000);

afterAll(async () => {
  await bucket.deleteFiles({ prefix: `${run}/`, force: true });
  removeEmptyEmulatorFolders(bucket.name, run);
});

describe('GCS emulator', () => {
  test('is the fake-gcs-server version docker-compose.yml runs (VERSIONS.fakeGcsServer), read from the binary', () => {
    // Go binaries carry their main module's version in their build info: "mod\t<path>\t<version>".
    const binary = readFileSync(fakeGcsServerBinary()).toString('latin1');
    const built = /\tgithub\.com\/fsouza\/fake-gcs-server\tv(\d+\.\d+\.\d+)/.exec(binary)?.[1];
    expect(built).toBe(VERSIONS.fakeGcsServer);
  });

  test("deleted objects' folders are removed, and only empty ones: the emulator walks every folder on each list", async () => {
    await Promise.all(['prune/a/b/gone', 'prune/a/kept', 'prune/c/gone'].map((n) => bucket.file(`${run}/${n}`).save(n, { resumable: false })));
    await bucket.file(`${run}/prune/a/b/gone`).delete();
    await bucket.file(`${run}/prune/c/gone`).delete();
    const folder = (name: string) => existsSync(join(paths.data('gcs'), bucket.name, run, name));
    expect(folder('prune/a/b')).toBe(true); // what the emulator leaves behind

    removeEmptyEmulatorFolders(bucket.name, `${run}/prune`);
    expect([folder('prune/a/b'), folder('prune/c'), folder('prune/a')]).toEqual([false, false, true]);
    const [files] = await bucket.getFiles({ prefix: `${run}/prune/` });
    expect(files.map((f) => f.name)).toEqual([`${run}/prune/a/kept`]);
    expect((await bucket.file(`${run}/prune/a/kept`).download())[0].toString()).toBe('prune/a/kept');
    removeEmptyEmulatorFolders('no-such-bucket', 'x'); // a bucket the emulator does not hold: nothing to do
  });

  test('prefix + delimiter returns objects at that level and sub-"directories" as prefixes', async () => {
    const names = ['backups/orders/p0/000.avro', 'backups/orders/p1/000.avro', 'backups/payments/p0/000.avro', 'backups/manifest.json', 'other/x'];
    await Promise.all(names.map((n) => bucket.file(`${run}/${n}`).save(n, { resumable: false })));

    const top = await listPage({ prefix: `${run}/backups/`, delimiter: '/' });
    expect(top.names).toEqual([`${run}/backups/manifest.json`]);
    expect(top.prefixes.sort()).toEqual([`${run}/backups/orders/`, `${run}/backups/payments/`]);
    expect(top.next).toBeUndefined();

    const orders = await listPage({ prefix: `${run}/backups/orders/`, delimiter: '/' });
    expect(orders.names).toEqual([]);
    expect(orders.prefixes.sort()).toEqual([`${run}/backups/orders/p0/`, `${run}/backups/orders/p1/`]);

    const flat = await listPage({ prefix: `${run}/backups/` });
    expect(flat.names).toEqual(names.filter((n) => n.startsWith('backups/')).map((n) => `${run}/${n}`).sort());
  });

  test('maxResults + pageToken pages through every object once, in lexicographic order', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `${run}/paged/seg-${String(i).padStart(4, '0')}`);
    await Promise.all(names.map((n) => bucket.file(n).save('x', { resumable: false })));

    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await listPage({ prefix: `${run}/paged/`, maxResults: 10, pageToken });
      expect(page.names.length).toBeLessThanOrEqual(10);
      seen.push(...page.names);
      pageToken = page.next;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(names);

    // autoPaginate (what most callers use) agrees. (With it, maxResults caps the total, as on GCS.)
    const [all] = await bucket.getFiles({ prefix: `${run}/paged/` });
    expect(all.map((f) => f.name)).toEqual(names);
  });

  test('a 64 MB object uploaded resumably streams back intact, and ranged reads return exact bytes', async () => {
    const size = 64 * 1024 * 1024;
    const file = bucket.file(`${run}/large/segment.bin`);
    const expected = createHash('sha256');
    const source = Readable.from(
      (function* () {
        for (const c of chunks(size, 1024 * 1024)) {
          expected.update(c);
          yield c;
        }
      })(),
    );
    await pipeline(source, file.createWriteStream({ resumable: true, contentType: 'application/octet-stream' }));
    const [meta] = await file.getMetadata();
    expect(Number(meta.size)).toBe(size);

    const actual = createHash('sha256');
    let received = 0;
    let reads = 0;
    await pipeline(file.createReadStream(), async function* (stream: AsyncIterable<Buffer>) {
      for await (const c of stream) {
        actual.update(c);
        received += c.length;
        reads++;
      }
    });
    expect(received).toBe(size);
    expect(reads).toBeGreaterThan(1); // delivered as a stream, not one buffer
    expect(actual.digest('hex')).toBe(expected.digest('hex'));

    // Ranged read across a chunk boundary: `end` is inclusive, as on GCS.
    const start = 3 * 1024 * 1024 - 7;
    const end = start + 99;
    const want = Buffer.concat([...chunks(4 * 1024 * 1024, 1024 * 1024)]).subarray(start, end + 1);
    const got: Buffer[] = [];
    for await (const c of file.createReadStream({ start, end })) got.push(c as Buffer);
    expect(Buffer.concat(got).equals(want)).toBe(true);
  }, 120_000);
});
