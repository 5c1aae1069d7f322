// The workflow registry (the worker's workflowsPath): re-exports only.
export { preflight } from './preflight';
export { restoreFromGcs } from './restore-from-gcs';
