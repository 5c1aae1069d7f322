import type { OffsetString } from '../../domain/backup-layout/offsets';
import type { PartitionPlan } from '../../domain/restore-plan';

/** One value object of a partition, in restore order, with its key/header companions if the backup has them. */
export interface PartitionObject {
  name: string;
  startOffset: OffsetString;
  size: number;
  keysObject?: string;
  headersObject?: string;
}

/** Where backup objects come from (GCS in production; anything that lists and streams in tests). */
export interface BackupObjectSource {
  /** The partition's value objects, ordered by numeric start offset, within the plan's bounds. */
  listPartitionObjects(plan: PartitionPlan): Promise<PartitionObject[]>;
  /** Streams an object's bytes; never buffers it whole. */
  read(objectName: string, signal?: AbortSignal): AsyncIterable<Buffer>;
}
