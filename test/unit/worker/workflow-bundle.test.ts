import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { currentBundle, writeBundle } from '../../../worker/workflow-bundle';

describe('workflow bundle cache', () => {
  let dir: string;
  let input: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-bundle-'));
    input = path.join(dir, 'restore-from-gcs.ts');
    writeFileSync(input, 'export const steps = 5;');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the bundle while its inputs are unchanged', () => {
    const written = writeBundle(path.join(dir, 'cache'), '/* code */', [input]);
    expect(currentBundle(path.join(dir, 'cache'))).toEqual(written);
  });

  it('treats the bundle as stale once an input changes or disappears', () => {
    writeBundle(path.join(dir, 'cache'), '/* code */', [input]);
    writeFileSync(input, 'export const steps = 6;');
    expect(currentBundle(path.join(dir, 'cache'))).toBeUndefined();

    writeBundle(path.join(dir, 'cache'), '/* code */', [input]);
    rmSync(input);
    expect(currentBundle(path.join(dir, 'cache'))).toBeUndefined();
  });

  it('keeps the bundle it replaced and removes older ones, so the cache does not grow with every change', () => {
    const cache = path.join(dir, 'cache');
    const first = writeBundle(cache, '/* v1 */', [input]);
    writeFileSync(input, 'export const steps = 6;');
    const second = writeBundle(cache, '/* v2 */', [input]);
    writeFileSync(input, 'export const steps = 7;');
    const third = writeBundle(cache, '/* v3 */', [input]);
    expect(existsSync(first.codePath)).toBe(false);
    expect(existsSync(second.codePath)).toBe(true); // a worker starting now may still load it
    expect(readdirSync(cache).sort()).toEqual([path.basename(second.codePath), path.basename(third.codePath), 'manifest.json'].sort());
    expect(currentBundle(cache)).toEqual(third);
  });

  it('finds nothing in an empty cache', () => {
    expect(currentBundle(path.join(dir, 'none'))).toBeUndefined();
  });
});
