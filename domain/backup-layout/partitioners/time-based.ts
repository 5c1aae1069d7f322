/**
 * TimeBasedPartitioner, DailyPartitioner and HourlyPartitioner (§4, §4.2): the bucket start of the
 * record timestamp, rendered with path.format in the configured zone; and the inverse, which reads a
 * time directory back to its bucket start so time folders can be ordered and checked.
 */
import { ConfigurationError } from '../../errors';
import { compileJodaPattern, fieldsOfLocalMillis, type JodaToken, parseJoda, renderJoda } from '../time/joda-pattern';
import { localToUtc, resolveTimeZone, type TimeZoneRule, utcFromFields, utcToLocal } from '../time/time-zone';

export const DAILY_DURATION_MS = 86_400_000;
export const HOURLY_DURATION_MS = 3_600_000;

/** DailyPartitioner's fixed pattern, built with the configured delimiter as the sink does. */
export const dailyPathFormat = (delim: string): string => `'year'=YYYY${delim}'month'=MM${delim}'day'=dd`;
export const hourlyPathFormat = (delim: string): string => `${dailyPathFormat(delim)}${delim}'hour'=HH`;

/** Strips one trailing directory.delim as the sink does (§4.2); refuses an empty pattern. */
export function normalizePathFormat(pathFormat: string, directoryDelim: string): string {
  const trimmed = pathFormat.endsWith(directoryDelim) ? pathFormat.slice(0, -directoryDelim.length) : pathFormat;
  if (trimmed.trim() === '')
    throw new ConfigurationError('path.format', 'must not be empty for a time-based partitioner');
  return trimmed;
}

export interface TimeLayout {
  readonly pathFormat: string;
  readonly tokens: readonly JodaToken[];
  readonly zone: TimeZoneRule;
}

export function compileTimeLayout(p: { pathFormat: string; timezone: string }): TimeLayout {
  return { pathFormat: p.pathFormat, tokens: compileJodaPattern(p.pathFormat), zone: resolveTimeZone(p.timezone) };
}

/** §4.2 steps 1–3: local time, truncating (Java long) division by the duration, back to UTC (non-strict). */
export function timeBucketStart(timestampMs: number, durationMs: number, zone: TimeZoneRule): number {
  if (!(durationMs > 0))
    throw new ConfigurationError('partition.duration.ms', 'must be a positive number of milliseconds');
  const local = utcToLocal(zone, timestampMs);
  const bucketLocal = Math.trunc(local / durationMs) * durationMs;
  return localToUtc(zone, bucketLocal);
}

/** Renders a UTC instant with the layout's pattern in its zone (§4.2 step 4). */
export function renderTimePath(layout: TimeLayout, utcMs: number): string {
  return renderJoda(layout.tokens, fieldsOfLocalMillis(utcToLocal(layout.zone, utcMs)));
}

/** The encoded partition the sink writes for a record with this timestamp. */
export function encodeTimePartition(layout: TimeLayout, timestampMs: number, durationMs: number): string {
  return renderTimePath(layout, timeBucketStart(timestampMs, durationMs, layout.zone));
}

/**
 * The bucket start (UTC ms) a time directory stands for, or undefined when the directory is not a
 * path the sink could have rendered with this pattern and zone. Parsing is followed by re-rendering
 * and an exact comparison, which rejects wrong padding (`month=1` for `MM`), impossible dates
 * (`day=31` in April) and values of the wrong zone's DST gap — all signs of a different layout.
 */
export function parseTimeDirectory(layout: TimeLayout, directoryPath: string): number | undefined {
  const f = parseJoda(layout.tokens, directoryPath);
  if (!f) return undefined;
  const local = utcFromFields(f.year, f.month, f.day, f.hour, f.minute, f.second);
  if (Number.isNaN(local)) return undefined;
  const utc = localToUtc(layout.zone, local);
  return renderTimePath(layout, utc) === directoryPath ? utc : undefined;
}
