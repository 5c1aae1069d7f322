/**
 * Whether an object whose name starts inside the range of the objects before it repeats their records (a
 * sink re-run: skip the repeats by computed offset, §3) or holds other records of a range that interleaves
 * with theirs (several files open at once: restore all of it). The backup alone cannot tell the two apart;
 * what the sink was configured with can (§3, §4.5):
 * - DefaultPartitioner keeps one file open per partition: ranges never interleave, an overlap is a re-run.
 * - Time partitioners on wall-clock time (`Wallclock`, the sink's default) rotate every file when the time
 *   bucket changes: no interleaving either, and a re-run lands in a later time folder.
 * - FieldPartitioner, and time partitioners on record timestamps (`Record`, `RecordField`, or a class of
 *   the user's), keep several files open at once: their computed offsets are not the records' offsets, so
 *   skipping by them would drop records. Such overlaps are restored in full and reported.
 */
import type { BackupSettings } from '../restore-settings/types';
import type { PartitionOrdering } from './partition-order';

export function overlapsAreRepeats(settings: Pick<BackupSettings, 'partitioner'>, ordering: PartitionOrdering): boolean {
  return ordering === 'offset' && !severalFilesOpenAtOnce(settings);
}

/**
 * Whether the sink keeps several files of one Kafka partition open at once, and so uploads several at
 * each commit, in no fixed order: FieldPartitioner, and time partitioners on record timestamps.
 */
export function severalFilesOpenAtOnce(settings: Pick<BackupSettings, 'partitioner'>): boolean {
  const p = settings.partitioner;
  if (p.kind === 'default') return false;
  if (p.kind === 'field') return true;
  return timestampExtractorName(p.timestampExtractor ?? 'Wallclock') !== 'Wallclock';
}

/** `Wallclock`, `Record` or `RecordField` for the short names and Confluent's nested classes; other classes as given. */
export function timestampExtractorName(configured: string): string {
  return configured.trim().replace(/^io\.confluent\.connect\.storage\.partitioner\.TimeBasedPartitioner\$/, '').replace(/TimestampExtractor$/, '');
}
