/**
 * Joda DateTimeZone semantics without Joda: `UTC`, fixed offsets (`+05:30`, `-08`, `+0530`) and IANA
 * ids. IANA offsets come from Intl.DateTimeFormat, which the Temporal workflow sandbox provides and
 * which is deterministic for a given Node/ICU build; nothing here reads the host's local zone.
 */
import { ConfigurationError } from '../../errors';

export interface TimeZoneRule {
  readonly id: string;
  /** Offset from UTC in ms at the given UTC instant (local = utc + offset). */
  offsetAt(utcMs: number): number;
}

const FIXED_OFFSET = /^([+-])(\d{2})(?::?(\d{2}))?$/;
const cache = new Map<string, TimeZoneRule>();

function fixedZone(id: string, offsetMs: number): TimeZoneRule {
  return { id, offsetAt: () => offsetMs };
}

function intlZone(id: string): TimeZoneRule {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: id,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return {
    id,
    offsetAt(utcMs: number): number {
      // Intl resolves to whole seconds; compare against the instant truncated to its second.
      const floorSec = utcMs - (((utcMs % 1000) + 1000) % 1000);
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(floorSec)) p[part.type] = part.value;
      let year = Number(p.year);
      if (p.era === 'BC' || p.era === 'B') year = 1 - year;
      const local = utcFromFields(
        year,
        Number(p.month),
        Number(p.day),
        Number(p.hour),
        Number(p.minute),
        Number(p.second),
      );
      return local - floorSec;
    },
  };
}

/** Date.UTC that also handles years 0–99 (Date.UTC maps those to 1900–1999). */
export function utcFromFields(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Resolves a Joda zone id; throws ConfigurationError('timezone') for ids Joda would reject. */
export function resolveTimeZone(id: string, setting = 'timezone'): TimeZoneRule {
  const hit = cache.get(id);
  if (hit) return hit;
  let zone: TimeZoneRule;
  const fixed = FIXED_OFFSET.exec(id);
  if (id === 'UTC') zone = fixedZone(id, 0);
  else if (fixed) {
    const hours = Number(fixed[2]);
    const minutes = Number(fixed[3] ?? '0');
    if (hours > 23 || minutes > 59) throw new ConfigurationError(setting, `"${id}" is not a valid UTC offset`);
    zone = fixedZone(id, (fixed[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60000);
  } else {
    try {
      zone = intlZone(id);
    } catch {
      throw new ConfigurationError(
        setting,
        `"${id}" is not a known time zone (use an IANA id such as America/New_York, UTC, or an offset such as +05:30)`,
      );
    }
  }
  cache.set(id, zone);
  return zone;
}

/** Joda `convertUTCToLocal`: the local wall-clock time encoded as if it were UTC millis. */
export function utcToLocal(zone: TimeZoneRule, utcMs: number): number {
  return utcMs + zone.offsetAt(utcMs);
}

/**
 * Joda `convertLocalToUTC(local, strict=false)`, which the TimeBasedPartitioner uses for the bucket
 * start (§4.2 step 3). Ambiguous (overlap) local times resolve exactly as Joda's two-step estimate
 * does. For a local time inside a DST gap, Joda keeps the first-estimate offset in zones west of UTC
 * (it checks for the gap via nextTransition); we detect the gap as "no instant maps back to this
 * local time", which is the same condition without needing transition tables.
 */
export function localToUtc(zone: TimeZoneRule, localMs: number): number {
  const offsetLocal = zone.offsetAt(localMs);
  let offset = zone.offsetAt(localMs - offsetLocal);
  if (offsetLocal !== offset && offsetLocal < 0) {
    const inGap = utcToLocal(zone, localMs - offset) !== localMs;
    if (inGap) offset = offsetLocal;
  }
  return localMs - offset;
}
