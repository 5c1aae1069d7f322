import type { Bucket } from '@google-cloud/storage';
import type { ListedObject } from '../../domain/backup-layout/classify';

const PAGE_SIZE = 1000;

/** Lists a prefix page by page (never the whole bucket in one response), yielding names and sizes. */
export async function* listObjects(bucket: Bucket, prefix: string, signal?: AbortSignal): AsyncGenerator<ListedObject[]> {
  let pageToken: string | undefined;
  do {
    if (signal?.aborted) throw signal.reason ?? new Error('listing cancelled');
    const [files, next] = await bucket.getFiles({ prefix, maxResults: PAGE_SIZE, pageToken, autoPaginate: false });
    yield files.map((f) => ({ name: f.name, size: Number(f.metadata.size ?? 0) }));
    pageToken = (next as { pageToken?: string } | undefined)?.pageToken;
  } while (pageToken);
}
