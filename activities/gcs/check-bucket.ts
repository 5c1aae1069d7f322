import type { Storage } from '@google-cloud/storage';
import type { BucketCheck } from '../../domain/preflight';

/** Proves the bucket exists and can be listed (the permission every restore needs first). */
export async function checkBucket(storage: Storage, name: string, endpoint: string): Promise<BucketCheck> {
  try {
    const bucket = storage.bucket(name);
    const [metadata] = await bucket.getMetadata();
    const [files] = await bucket.getFiles({ maxResults: 1, autoPaginate: false });
    return { kind: 'gcs', name, ok: true, endpoint, location: metadata.location, hasObjects: files.length > 0 };
  } catch (err) {
    const e = err as { code?: number; message?: string };
    const reason = e.code === 404 ? 'bucket does not exist' : (e.message ?? String(err));
    return { kind: 'gcs', name, ok: false, endpoint, error: reason };
  }
}
