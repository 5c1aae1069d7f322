/** Puts simulated sink objects into a bucket (fake-gcs-server in the local stack, or real GCS). */
import type { Bucket } from '@google-cloud/storage';
import type { SinkObject } from './types';

/**
 * Uploads with a small concurrency bound: enough to be quick for fixtures, few enough not to trip
 * the emulator. Single-request uploads (resumable: false) are what small objects need.
 */
export async function uploadObjects(bucket: Bucket, objects: readonly SinkObject[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) {
      const o = objects[next++];
      await bucket.file(o.key).save(o.body, { resumable: false, contentType: 'application/octet-stream' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, objects.length) }, worker));
}
