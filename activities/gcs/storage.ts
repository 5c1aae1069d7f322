import { Storage } from '@google-cloud/storage';
import { resolveSecret } from '../../config/secrets';
import { ConfigurationError } from '../../domain/errors';
import type { LifeboatConfig } from '../../config/schema';

export const REAL_GCS_ENDPOINT = 'https://storage.googleapis.com';

/**
 * The GCS client. An emulator is reached through `apiEndpoint`, the same code path as real GCS;
 * credentials come from a key reference or Application Default Credentials. The client library sends no
 * credentials to any endpoint but its default unless told to, so a private endpoint needs `authenticate`
 * (implied by `credentials`).
 */
export function createStorage(gcs: LifeboatConfig['gcs'], env: NodeJS.ProcessEnv = process.env): Storage {
  const credentials = gcs.credentials ? serviceAccountKey(resolveSecret(gcs.credentials, 'gcs.credentials', env)) : undefined;
  return new Storage({
    projectId: gcs.projectId,
    ...(gcs.apiEndpoint ? { apiEndpoint: gcs.apiEndpoint, useAuthWithCustomEndpoint: gcs.authenticate ?? credentials !== undefined } : {}),
    ...(credentials ? { credentials } : {}),
    retryOptions: { autoRetry: true, maxRetries: 3 },
  });
}

/** The key JSON; a parse error would quote the start of the secret, so it is reported without it. */
function serviceAccountKey(text: string): object {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    key = undefined;
  }
  if (key === null || typeof key !== 'object' || Array.isArray(key)) {
    throw new ConfigurationError(
      'gcs.credentials',
      'the reference does not hold a service-account key JSON object (it must resolve to the key itself: {"file": "<key.json>"} or {"env": "<VAR holding the JSON>"}, not to a path)',
    );
  }
  return key;
}

export function storageEndpoint(gcs: LifeboatConfig['gcs']): string {
  return gcs.apiEndpoint ?? REAL_GCS_ENDPOINT;
}
