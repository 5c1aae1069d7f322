import type { Bucket } from '@google-cloud/storage';
import { BackupLayoutError } from '../../domain/errors';
import { checkPartitionListing, objectsWithin, selectPartitionObjects, throwIfLayoutErrors } from '../../domain/backup-layout/plan';
import type { ListedObject } from '../../domain/backup-layout/classify';
import type { PartitionPlan } from '../../domain/restore-plan';
import type { BackupSettings } from '../../domain/restore-settings/types';
import type { BackupObjectSource, PartitionObject } from '../restore/object-source';
import { listObjects } from './list-objects';

/** A backup in a GCS bucket, read the way the sink wrote it. */
export class GcsBackupSource implements BackupObjectSource {
  constructor(
    private readonly bucket: Bucket,
    private readonly settings: BackupSettings,
  ) {}

  async listPartitionObjects(plan: PartitionPlan): Promise<PartitionObject[]> {
    const listing: ListedObject[] = [];
    for (const prefix of plan.listingPrefixes) {
      for await (const page of listObjects(this.bucket, prefix)) listing.push(...page);
    }
    const { partition, errors } = selectPartitionObjects(this.settings, { topic: plan.topic, partition: plan.partition }, listing);
    throwIfLayoutErrors({ errors });
    const objects = objectsWithin(partition.objects, { after: plan.afterStartOffset, upTo: plan.lastStartOffset });
    const changed = checkPartitionListing(plan, objects);
    if (changed) {
      throw new BackupLayoutError(`${plan.listingPrefixes.join(', ')}`, `${plan.topic}-${plan.partition}: ${changed}; re-run the restore to re-plan`);
    }
    return objects;
  }

  async *read(objectName: string, signal?: AbortSignal): AsyncIterable<Buffer> {
    const stream = this.bucket.file(objectName).createReadStream({ validation: false });
    const abort = () => stream.destroy(signal?.reason ?? new Error('cancelled'));
    signal?.addEventListener('abort', abort, { once: true });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      signal?.removeEventListener('abort', abort);
      stream.destroy();
    }
  }
}
