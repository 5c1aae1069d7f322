import { Storage } from '@google-cloud/storage';
import { resolveSecret } from '../../config/secrets';
import type { LifeboatConfig } from '../../config/schema';

export const REAL_GCS_ENDPOINT = 'https://storage.googleapis.com';

/**
 * The GCS client. An emulator is reached through `apiEndpoint`, the same code path as real GCS;
 * credentials come from a key file reference or Application Default Credentials.
 */
export function createStorage(gcs: LifeboatConfig['gcs'], env: NodeJS.ProcessEnv = process.env): Storage {
  const credentials = gcs.credentials ? JSON.parse(resolveSecret(gcs.credentials, 'gcs.credentials', env)) : undefined;
  return new Storage({
    projectId: gcs.projectId,
    ...(gcs.apiEndpoint ? { apiEndpoint: gcs.apiEndpoint } : {}),
    ...(credentials ? { credentials } : {}),
    retryOptions: { autoRetry: true, maxRetries: 3 },
  });
}

export function storageEndpoint(gcs: LifeboatConfig['gcs']): string {
  return gcs.apiEndpoint ?? REAL_GCS_ENDPOINT;
}
