import type { Bucket, File } from '@google-cloud/storage';
import type { ListedObject } from '../../domain/backup-layout/classify';

const PAGE_SIZE = 1000;

/** Lists a prefix page by page (never the whole bucket in one response), yielding names and sizes. */
export async function* listObjects(bucket: Bucket, prefix: string, signal?: AbortSignal): AsyncGenerator<ListedObject[]> {
  let pageToken: string | undefined;
  do {
    if (signal?.aborted) throw signal.reason ?? new Error('listing cancelled');
    const [files, next] = await bucket.getFiles({ prefix, maxResults: PAGE_SIZE, pageToken, autoPaginate: false });
    yield files.map(listedObject);
    pageToken = (next as { pageToken?: string } | undefined)?.pageToken;
  } while (pageToken);
}

export function listedObject(file: File): ListedObject {
  const created = file.metadata.timeCreated ? Date.parse(file.metadata.timeCreated) : NaN;
  return { name: file.name, size: Number(file.metadata.size ?? 0), ...(Number.isFinite(created) && { created }) };
}
