/**
 * Backup layout of the Confluent GCS sink: object names, partitioner folders, ignore/fail rules,
 * restore order, and topic renames. Pure and workflow-safe (no Node built-ins, no I/O).
 */
export * from './offsets';
export * from './object-key';
export { matchExtension, valueExtensions } from './extensions';
export type { ExtensionMatch } from './extensions';
export * from './issues';
export { BackupLayoutClassifier, classifyBackupObjects } from './classify';
export type { ClassifyOptions, ListedObject } from './classify';
export type { BackupLayout, PartitionLayout, PartitionOrdering, PlannedObject } from './partition-order';
export * from './plan';
export * from './gaps';
export * from './rename';
export { partitionerLayout } from './partitioners';
export type { DirectoryMatch, PartitionerLayout, RecordForPartitioning } from './partitioners';
export { encodeDefaultPartition, parseDefaultDirectory } from './partitioners/default';
export { encodeFieldPartition, parseFieldDirectory, renderFieldValue } from './partitioners/field';
export {
  compileTimeLayout,
  dailyPathFormat,
  encodeTimePartition,
  hourlyPathFormat,
  parseTimeDirectory,
  renderTimePath,
  timeBucketStart,
} from './partitioners/time-based';
export type { TimeLayout } from './partitioners/time-based';
export { resolveTimeZone } from './time/time-zone';
export type { TimeZoneRule } from './time/time-zone';
