/**
 * Bundles the workflows (webpack, via the SDK) into a cached file the worker loads; see workflow-bundle.ts.
 * Run by the worker in a child process when its cache is stale, or ahead of time in a deployment:
 *   npm run build:workflows [-- --out path/to/bundle.js]   (then LIFEBOAT_WORKFLOW_BUNDLE=path/to/bundle.js)
 */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { bundleDir, WORKFLOWS_PATH, writeBundle } from './workflow-bundle';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, out: { type: 'string' } } });
  const inputs = new Set<string>();
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: new DefaultLogger('WARN'),
    // Every file webpack read, so the cache can tell when any of them changed.
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        {
          apply: (compiler: { hooks: { afterEmit: { tap(name: string, fn: (c: { fileDependencies: Iterable<string> }) => void): void } } }) =>
            compiler.hooks.afterEmit.tap('LifeboatBundleInputs', (compilation) => {
              for (const file of compilation.fileDependencies) if (path.isAbsolute(file) && statSync(file, { throwIfNoEntry: false })?.isFile()) inputs.add(file);
            }),
        },
      ],
    }),
  });
  if (values.out) {
    writeFileSync(values.out, code);
    console.log(`workflow bundle written to ${values.out}`);
    return;
  }
  const manifest = writeBundle(values.dir ?? bundleDir(), code, [...inputs].sort());
  console.log(`workflow bundle written to ${manifest.codePath} (${manifest.inputs.length} inputs)`);
}

main().catch((err) => {
  console.error((err as Error).stack ?? err);
  process.exit(1);
});
