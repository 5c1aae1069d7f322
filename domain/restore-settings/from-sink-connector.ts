/**
 * Restore settings derived from the GCS sink connector that wrote the backup: Confluent Platform's
 * `io.confluent.connect.gcs.GcsSinkConnector` (same property names as the source connector) or
 * Confluent Cloud's fully-managed `GcsSink` (its own names and defaults, §4.4). Also returns the
 * topics the sink consumes, so a later step can refuse to restore into them: the source writing into
 * a topic the sink reads is the feedback loop the connector docs warn about.
 */
import { ConfigurationError } from '../errors';
import { backupSettingsFromProperties } from './from-properties';
import type { Properties } from './property-values';
import type { BackupSettings } from './types';
import { sinkWarnings } from './sink-warnings';

export interface SinkConnectorSettings {
  settings: BackupSettings;
  sinkTopics: string[];
  sinkTopicsRegex?: string;
  warnings: string[];
}

const CP_SINK = 'io.confluent.connect.gcs.GcsSinkConnector';
const CC_SINK = 'GcsSink';

/**
 * Names that carry or point to credentials. They are dropped before anything else looks at the
 * config, and reported by name only: Lifeboat resolves its own GCS credentials on the worker.
 */
const SECRET_NAME = /credential|password|secret|jaas|api\.key|license|token|private|user\.info/i;

/**
 * `overrides` are platform (source connector) property names, applied after a Cloud config is mapped onto
 * them: an operator's `-p format.class=…` wins over what the mapping derived.
 */
export function backupSettingsFromSinkConnector(json: unknown, overrides: Properties = {}): SinkConnectorSettings {
  const raw = unwrapConfig(json);
  const warnings: string[] = [];
  const config: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (SECRET_NAME.test(name)) {
      warnings.push(`ignored "${name}" from the sink connector config: credentials are never read from connector JSON`);
      continue;
    }
    const s = stringValue(name, value);
    if (s !== undefined) config[name] = s;
  }

  const connectorClass = config['connector.class']?.trim();
  let flavour: 'cp' | 'cc';
  if (connectorClass === CP_SINK) flavour = 'cp';
  else if (connectorClass === CC_SINK) flavour = 'cc';
  else if (connectorClass === undefined) {
    flavour = config['format.class'] !== undefined ? 'cp' : 'cc';
    warnings.push(`connector.class is missing; read as ${flavour === 'cp' ? CP_SINK : `Confluent Cloud ${CC_SINK}`}`);
  } else {
    throw new ConfigurationError(
      'connector.class',
      `"${connectorClass}" is not a GCS sink connector (expected ${CP_SINK} or ${CC_SINK}); pass source-connector properties to backupSettingsFromProperties`,
    );
  }

  const props = flavour === 'cp' ? config : cloudToPlatformProperties(config, warnings);
  const settings = backupSettingsFromProperties({ ...props, ...overrides });
  warnings.push(...sinkWarnings(config, settings, flavour));

  const sinkTopics = (config.topics ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const sinkTopicsRegex = config['topics.regex']?.trim() || undefined;
  if (sinkTopics.length === 0 && !sinkTopicsRegex) {
    warnings.push(
      'the sink config names no topics or topics.regex: the feedback-loop check has nothing to compare against',
    );
  }
  return { settings, sinkTopics, ...(sinkTopicsRegex && { sinkTopicsRegex }), warnings };
}

function unwrapConfig(json: unknown): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigurationError(
      'sink connector',
      'expected a JSON object: {"name":…,"config":{…}} or the bare config map',
    );
  }
  const obj = json as Record<string, unknown>;
  const inner = obj.config;
  if (inner !== undefined) {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
      throw new ConfigurationError('config', 'must be an object of connector properties');
    }
    return inner as Record<string, unknown>;
  }
  return obj;
}

/** Connector JSON values may be strings, numbers or booleans; lists may be arrays of strings. */
function stringValue(name: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  throw new ConfigurationError(name, 'must be a string, number or boolean');
}

const CC_FORMATS: Record<string, string> = { AVRO: 'avro', JSON: 'json', BYTES: 'bytearray', PARQUET: 'parquet' };
const CC_INTERVALS: Record<string, number> = { HOURLY: 3_600_000, DAILY: 86_400_000 };

/**
 * Maps Confluent Cloud GcsSink names onto the platform names, applying the Cloud defaults
 * (ccloud config dump: TimeBasedPartitioner, hourly path.format, UTC, en, topics.dir=topics).
 */
function cloudToPlatformProperties(cc: Record<string, string>, warnings: string[]): Properties {
  const input = (cc['input.data.format'] ?? 'JSON').trim().toUpperCase();
  const outputRaw = cc['output.data.format']?.trim().toUpperCase();
  const output = outputRaw ?? input; // "defaults to the value in the Input Message Format field"
  const format = CC_FORMATS[output];
  if (format === 'parquet') {
    throw new ConfigurationError(
      'output.data.format',
      'Parquet backups are not supported by Lifeboat; restore needs AVRO, JSON or BYTES objects',
    );
  }
  if (!format) {
    const why =
      outputRaw === undefined
        ? `is not set and input.data.format ${input} is not an output format`
        : `"${output}" is not one of AVRO, JSON, BYTES`;
    throw new ConfigurationError('output.data.format', why);
  }
  const props: Record<string, string> = {
    ...cc,
    'format.class': format,
    'partitioner.class': cc['partitioner.class'] ?? 'TimeBasedPartitioner',
    'path.format': cc['path.format'] ?? "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
    timezone: cc.timezone ?? 'UTC',
    locale: cc.locale ?? 'en',
  };
  if (cc['topics.dir'] === undefined && cc['topic.directory'] !== undefined)
    props['topics.dir'] = cc['topic.directory'];
  const interval = cc['time.interval']?.trim().toUpperCase();
  if (interval !== undefined) {
    const ms = CC_INTERVALS[interval];
    if (ms === undefined)
      throw new ConfigurationError('time.interval', `"${cc['time.interval']}" is not one of HOURLY, DAILY`);
    props['partition.duration.ms'] = String(ms);
  }
  if (cc['timestamp.field'] !== undefined && cc['timestamp.extractor'] === undefined) {
    props['timestamp.extractor'] = 'RecordField'; // what Cloud partitions by when a timestamp field is named
    warnings.push(
      'timestamp.field is set: time folders follow a record field, so they may not be monotone in offset order',
    );
  }
  return props;
}
