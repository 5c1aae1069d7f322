import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('finds nothing in an empty cache', () => {
    expect(currentBundle(path.join(dir, 'none'))).toBeUndefined();
  });
});
