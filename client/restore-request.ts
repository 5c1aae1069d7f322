import { readFileSync } from 'node:fs';
import { positiveInteger } from '../config';
import { parseRenameRule } from '../domain/backup-layout/rename';
import { ConfigurationError } from '../domain/errors';
import { newRestoreId } from '../domain/ids';
import { RESTORE_DEFAULTS, type DeliveryMode, type RestoreRequest, type ValueSerializer } from '../domain/restore-request';
import { backupSettingsFromProperties, backupSettingsFromSinkConnector, parseJavaProperties, RESTORE_PROPERTY_NAMES } from '../domain/restore-settings';

/** The restore command's flags, as commander parses them. */
export interface RestoreFlags {
  sinkConfig?: string;
  settings?: string;
  property?: string[];
  bucket?: string;
  topics?: string;
  rename?: string;
  delivery?: string;
  valueSerializer?: string;
  createTopics?: boolean;
  replicationFactor?: string;
  topicConfig?: string[];
  destination?: string;
  restoreId?: string;
  dryRun?: boolean;
  allowEmpty?: boolean;
  follow?: boolean;
  pollInterval?: string;
  settle?: string;
  allowSinkLoop?: boolean;
  keysAndHeaders?: boolean;
  transactionRecords?: string;
  heartbeatTimeout?: string;
  verify?: string;
}

/**
 * Builds the runbook input from flags and the user's connector configuration. Reads files here, on the
 * operator's side; any credential in the connector JSON is dropped by name (never copied into the request).
 */
export function buildRestoreRequest(flags: RestoreFlags, now: Date = new Date()): { request: RestoreRequest; warnings: string[] } {
  const overrides = parseKeyValues(flags.property ?? [], '--property');
  for (const key of Object.keys(overrides)) {
    if (!(RESTORE_PROPERTY_NAMES as readonly string[]).includes(key)) {
      throw new ConfigurationError('--property', `"${key}" is not a restore property; one of: ${RESTORE_PROPERTY_NAMES.join(', ')}`);
    }
  }
  if (flags.bucket) overrides['gcs.bucket.name'] = flags.bucket;
  if (flags.sinkConfig && flags.settings) {
    throw new ConfigurationError('--settings', 'give either --sink-config or --settings, not both (override single properties with -p key=value)');
  }
  let derived: { settings: RestoreRequest['backup']; sinkTopics?: string[]; sinkTopicsRegex?: string; warnings: string[] };
  if (flags.sinkConfig) {
    derived = backupSettingsFromSinkConnector(readJson(flags.sinkConfig, '--sink-config'), overrides);
  } else {
    const props = flags.settings ? readProperties(flags.settings) : {};
    derived = { settings: backupSettingsFromProperties({ ...props, ...overrides }), warnings: [] };
  }
  const delivery = oneOf(flags.delivery ?? RESTORE_DEFAULTS.delivery, ['exactly-once', 'at-least-once'] as const, '--delivery') as DeliveryMode;
  const valueSerializer = oneOf(flags.valueSerializer ?? RESTORE_DEFAULTS.valueSerializer, ['schema-registry', 'avro'] as const, '--value-serializer') as ValueSerializer;
  const request: RestoreRequest = {
    restoreId: flags.restoreId ?? newRestoreId(derived.settings.bucket, now.toISOString()),
    restoreIdIsNew: flags.restoreId === undefined,
    backup: derived.settings,
    destinationCluster: flags.destination ?? 'destination',
    topics: flags.topics ? flags.topics.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
    rename: flags.rename ? parseRenameRule(flags.rename) : undefined,
    delivery,
    valueSerializer,
    createTopics: flags.createTopics
      ? {
          replicationFactor: flags.replicationFactor === undefined ? undefined : positiveInteger(flags.replicationFactor, '--replication-factor'),
          configs: parseKeyValues(flags.topicConfig ?? [], '--topic-config'),
        }
      : undefined,
    sinkTopics: derived.sinkTopics ? { topics: derived.sinkTopics, regex: derived.sinkTopicsRegex } : undefined,
    allowSinkFeedbackLoop: flags.allowSinkLoop,
    restoreKeysAndHeaders: flags.keysAndHeaders !== false,
    transactionMaxRecords: flags.transactionRecords ? positiveInteger(flags.transactionRecords, '--transaction-records') : undefined,
    follow: flags.follow
      ? {
          pollIntervalSeconds: positiveInteger(flags.pollInterval ?? String(RESTORE_DEFAULTS.followPollIntervalSeconds), '--poll-interval'),
          settleSeconds: positiveInteger(flags.settle ?? String(RESTORE_DEFAULTS.followSettleSeconds), '--settle'),
        }
      : undefined,
    dryRun: flags.dryRun,
    allowEmpty: flags.allowEmpty,
    verify: flags.verify ? oneOf(flags.verify, ['read-back', 'counts'] as const, '--verify') : undefined,
    partitionHeartbeatTimeoutSeconds: flags.heartbeatTimeout ? positiveInteger(flags.heartbeatTimeout, '--heartbeat-timeout') : undefined,
  };
  if (!/^[A-Za-z0-9._-]{1,120}$/.test(request.restoreId)) {
    throw new ConfigurationError('--restore-id', `"${request.restoreId}" may only use letters, digits, '.', '_' and '-' (it names Kafka transactional ids)`);
  }
  return { request, warnings: derived.warnings };
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigurationError(flag, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

function readJson(path: string, flag: string): unknown {
  const text = readText(path, flag);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigurationError(flag, `${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Connector properties as a JSON map, `{"config": {...}}`, or a Java .properties file. */
function readProperties(path: string): Record<string, string> {
  if (path.endsWith('.json')) {
    const json = readJson(path, '--settings') as Record<string, unknown>;
    const config = (json.config ?? json) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
  }
  return parseJavaProperties(readText(path, '--settings'), '--settings');
}

function parseKeyValues(items: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i <= 0) throw new ConfigurationError(flag, `"${item}" is not key=value`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigurationError(flag, `"${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

