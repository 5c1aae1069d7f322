import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '@temporalio/worker';

/**
 * The worker runs workflows from a prebuilt bundle instead of bundling them in its own process: webpack
 * then never loads into the worker, which keeps ~90 MB of bundler code and garbage out of its memory for
 * as long as it runs. The bundle is built once per change of its inputs (in a child process) and cached
 * with a manifest that lists every input file and a hash of their contents, so an edited workflow — or an
 * upgraded SDK — is never served from a stale bundle.
 */
export const WORKFLOWS_PATH = require.resolve('../workflows');
const REPO_ROOT = path.resolve(__dirname, '..');
// Compiled (dist/, npm run build), the builder is plain JavaScript; from the sources it needs tsx.
const COMPILED = path.extname(__filename) === '.js';
const BUILDER = path.join(__dirname, `build-workflow-bundle${COMPILED ? '.js' : '.ts'}`);

export interface BundleManifest {
  codePath: string;
  /** sha256 over every input's path and contents, in this order. */
  inputsHash: string;
  inputs: string[];
}

export function hashInputs(inputs: string[]): string | undefined {
  const hash = createHash('sha256');
  for (const file of inputs) {
    if (!existsSync(file)) return undefined; // an input moved or was deleted: the bundle is stale
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Where bundles are cached: $LIFEBOAT_WORKFLOW_BUNDLE_DIR, else .lifeboat/workflow-bundle beside the code. */
export function bundleDir(): string {
  return process.env.LIFEBOAT_WORKFLOW_BUNDLE_DIR ? path.resolve(process.env.LIFEBOAT_WORKFLOW_BUNDLE_DIR) : path.join(REPO_ROOT, '.lifeboat', 'workflow-bundle');
}

/** The cached bundle if its inputs are unchanged. */
export function currentBundle(dir = bundleDir()): BundleManifest | undefined {
  const manifest = readManifest(dir);
  if (!manifest || !existsSync(manifest.codePath) || hashInputs(manifest.inputs) !== manifest.inputsHash) return undefined;
  return manifest;
}

/** Writes code and manifest so that a reader never sees one without the other (rename is atomic). */
export function writeBundle(dir: string, code: string, inputs: string[]): BundleManifest {
  mkdirSync(dir, { recursive: true });
  const inputsHash = hashInputs(inputs);
  if (!inputsHash) throw new Error('a workflow bundle input disappeared while bundling; build again');
  const codePath = path.join(dir, `workflows-${inputsHash.slice(0, 16)}.js`);
  const manifest: BundleManifest = { codePath, inputsHash, inputs };
  const replaced = readManifest(dir)?.codePath;
  const suffix = `.${process.pid}.tmp`;
  writeFileSync(codePath + suffix, code);
  renameSync(codePath + suffix, codePath);
  writeFileSync(path.join(dir, 'manifest.json') + suffix, JSON.stringify(manifest, null, 1));
  renameSync(path.join(dir, 'manifest.json') + suffix, path.join(dir, 'manifest.json'));
  removeOlderBundles(dir, [codePath, replaced]);
  return manifest;
}

/** The manifest as written, or none (missing or unreadable: the bundle is rebuilt). */
function readManifest(dir: string): BundleManifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  } catch {
    return undefined;
  }
}

/**
 * Every change of the workflows' inputs writes a new ~2 MB bundle; without this the cache grows with each
 * one. The bundle just replaced is kept: a worker starting right now may have read the old manifest and not
 * yet the code it names.
 */
function removeOlderBundles(dir: string, keep: Array<string | undefined>): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (/^workflows-[0-9a-f]{16}\.js$/.test(name) && !keep.includes(file)) rmSync(file, { force: true });
  }
}

/**
 * The bundle the worker should load: $LIFEBOAT_WORKFLOW_BUNDLE if set (a deployment that built it ahead,
 * `npm run build:workflows`), else the cached one, else one built now in a child process.
 */
export async function prepareWorkflowBundle(logger?: Logger): Promise<{ codePath: string }> {
  if (process.env.LIFEBOAT_WORKFLOW_BUNDLE) {
    const codePath = path.resolve(process.env.LIFEBOAT_WORKFLOW_BUNDLE);
    if (!existsSync(codePath)) throw new Error(`LIFEBOAT_WORKFLOW_BUNDLE=${codePath}: no such file (build it with \`npm run build:workflows -- --out ${codePath}\`)`);
    return { codePath };
  }
  let dir = bundleDir();
  const cached = currentBundle(dir);
  if (cached) return { codePath: cached.codePath };
  if (!isWritable(dir)) dir = path.join(tmpdir(), 'lifeboat-workflow-bundle'); // read-only install
  const started = Date.now();
  const builder = COMPILED ? [BUILDER] : [require.resolve('tsx/cli'), BUILDER];
  await promisify(execFile)(process.execPath, [...builder, '--dir', dir], { cwd: REPO_ROOT, maxBuffer: 16 << 20 }).catch((err: Error & { stderr?: string }) => {
    throw new Error(`building the workflow bundle failed: ${err.stderr?.trim() || err.message}`);
  });
  const built = currentBundle(dir);
  if (!built) throw new Error(`building the workflow bundle wrote no usable bundle in ${dir}`);
  logger?.info('Workflow bundle built', { codePath: built.codePath, ms: Date.now() - started });
  return { codePath: built.codePath };
}

function isWritable(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return true;
  } catch {
    return false;
  }
}
