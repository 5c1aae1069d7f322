/**
 * BackupSettings from connector-style properties (the GCS source connector's names, §6.1, which are
 * the sink's names). Unknown properties are ignored: real connector configs carry many that do not
 * affect the layout (flush.size, converters, credentials…).
 */
import { ConfigurationError } from '../errors';
import { resolveTimeZone } from '../backup-layout/time/time-zone';
import { compileJodaPattern } from '../backup-layout/time/joda-pattern';
import {
  DAILY_DURATION_MS,
  HOURLY_DURATION_MS,
  dailyPathFormat,
  hourlyPathFormat,
  normalizePathFormat,
} from '../backup-layout/partitioners/time-based';
import { formatFromClass, partitionerFromClass } from './class-names';
import { optionalInteger, optionalList, optionalString, type Properties, requiredString } from './property-values';
import { type BackupSettings, DEFAULTS, type PartitionerSettings } from './types';

/** Every property that shapes a restore: what `-p key=value` may override (anything else is a typo or has no effect). */
export const RESTORE_PROPERTY_NAMES = [
  'gcs.bucket.name',
  'topics.dir',
  'directory.delim',
  'file.delim',
  'format.class',
  'format.bytearray.separator',
  'format.bytearray.extension',
  'gcs.compression.type',
  'partitioner.class',
  'partition.field.name',
  'path.format',
  'partition.duration.ms',
  'timezone',
  'locale',
  'timestamp.extractor',
  'filename.offset.zero.pad.width',
  'tasks.max',
  'record.batch.max.size',
] as const;

export function backupSettingsFromProperties(props: Properties): BackupSettings {
  const bucket = requiredString(props, 'gcs.bucket.name');
  // topics.dir may legitimately be blank (keys then start with the topic), so read it raw.
  const topicsDir = props['topics.dir'] ?? DEFAULTS.topicsDir;
  const directoryDelim = props['directory.delim'] || DEFAULTS.directoryDelim;
  const fileDelim = props['file.delim'] || DEFAULTS.fileDelim;
  if (fileDelim === directoryDelim) throw new ConfigurationError('file.delim', 'must differ from directory.delim');

  const format = formatFromClass(requiredString(props, 'format.class'));
  const partitioner = partitionerSettings(props, directoryDelim);

  const byteArraySeparator = props['format.bytearray.separator'] ?? DEFAULTS.byteArraySeparator;
  // An empty separator would concatenate records with no way to split them again.
  if (byteArraySeparator === '') throw new ConfigurationError('format.bytearray.separator', 'must not be empty');
  const byteArrayExtension = optionalString(props, 'format.bytearray.extension') ?? DEFAULTS.byteArrayExtension;
  if (/^\d/.test(byteArrayExtension)) {
    // The sink appends the extension right after the zero-padded offset; a leading digit would merge into it.
    throw new ConfigurationError('format.bytearray.extension', `"${byteArrayExtension}" must not start with a digit`);
  }

  const compressionRaw = (optionalString(props, 'gcs.compression.type') ?? DEFAULTS.compression).trim().toLowerCase();
  if (compressionRaw !== 'none' && compressionRaw !== 'gzip') {
    throw new ConfigurationError('gcs.compression.type', `"${compressionRaw}" is not one of none, gzip`);
  }

  return {
    bucket,
    topicsDir,
    directoryDelim,
    fileDelim,
    format,
    partitioner,
    byteArraySeparator,
    byteArrayExtension,
    compression: compressionRaw,
    tasksMax: optionalInteger(props, 'tasks.max', 1) ?? DEFAULTS.tasksMax,
    recordBatchMaxSize: optionalInteger(props, 'record.batch.max.size', 1) ?? DEFAULTS.recordBatchMaxSize,
    zeroPadWidth: optionalInteger(props, 'filename.offset.zero.pad.width', 0) ?? DEFAULTS.zeroPadWidth,
  };
}

function partitionerSettings(props: Properties, directoryDelim: string): PartitionerSettings {
  const choice = partitionerFromClass(
    optionalString(props, 'partitioner.class') ?? 'io.confluent.connect.storage.partitioner.DefaultPartitioner',
  );
  if (choice.kind === 'default') return { kind: 'default' };
  if (choice.kind === 'field') {
    const fieldNames = optionalList(props, 'partition.field.name');
    if (!fieldNames) throw new ConfigurationError('partition.field.name', 'is required for FieldPartitioner');
    return { kind: 'field', fieldNames };
  }

  // The sink requires timezone for all three time partitioners, Daily and Hourly included (§4).
  const timezone = requiredString(props, 'timezone', `is required for ${choice.variant}Partitioner (e.g. UTC)`).trim();
  resolveTimeZone(timezone);
  const locale = optionalString(props, 'locale')?.trim();
  const timestampExtractor = optionalString(props, 'timestamp.extractor')?.trim();
  // -1 is ConfigDef's "unset"; 0 would make the sink divide by zero, so refuse it.
  const durationRaw = optionalInteger(props, 'partition.duration.ms', -1);
  if (durationRaw === 0) throw new ConfigurationError('partition.duration.ms', 'must be positive');
  const configuredDuration = durationRaw === undefined || durationRaw < 0 ? undefined : durationRaw;

  let pathFormat: string;
  let durationMs: number | undefined;
  if (choice.variant === 'TimeBased') {
    pathFormat = normalizePathFormat(
      requiredString(props, 'path.format', 'is required for TimeBasedPartitioner'),
      directoryDelim,
    );
    durationMs = configuredDuration;
  } else {
    // Daily/Hourly ignore path.format and partition.duration.ms and use fixed values (§4).
    pathFormat = choice.variant === 'Daily' ? dailyPathFormat(directoryDelim) : hourlyPathFormat(directoryDelim);
    durationMs = choice.variant === 'Daily' ? DAILY_DURATION_MS : HOURLY_DURATION_MS;
  }
  compileJodaPattern(pathFormat); // validate now so a bad pattern fails at configuration, naming path.format
  return {
    kind: 'time',
    variant: choice.variant,
    pathFormat,
    timezone,
    ...(durationMs !== undefined && { durationMs }),
    ...(locale !== undefined && { locale }),
    ...(timestampExtractor !== undefined && { timestampExtractor }),
  };
}
