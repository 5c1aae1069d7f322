import { ConfigurationError } from '../../../domain/errors';
import {
  compileTimeLayout,
  dailyPathFormat,
  encodeDefaultPartition,
  encodeFieldPartition,
  encodeTimePartition,
  hourlyPathFormat,
  parseDefaultDirectory,
  parseFieldDirectory,
  parseTimeDirectory,
  renderFieldValue,
  resolveTimeZone,
  timeBucketStart,
} from '../../../domain/backup-layout';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const utc = (iso: string): number => Date.parse(iso);

describe('time-based partitioner paths', () => {
  const hourly = (tz: string) => compileTimeLayout({ pathFormat: hourlyPathFormat('/'), timezone: tz });

  test.each([
    // [timezone, timestamp, duration, expected encoded partition]
    ['UTC', '2024-01-05T13:59:59.999Z', HOUR, 'year=2024/month=01/day=05/hour=13'],
    ['America/New_York', '2024-01-05T18:30:00Z', HOUR, 'year=2024/month=01/day=05/hour=13'],
    ['America/New_York', '2024-01-06T03:00:00Z', DAY, 'year=2024/month=01/day=05/hour=00'],
    ['+05:30', '2024-01-04T23:45:00Z', HOUR, 'year=2024/month=01/day=05/hour=05'],
    ['-08:00', '2024-01-05T07:59:00Z', DAY, 'year=2024/month=01/day=04/hour=00'],
    ['America/New_York', '2024-11-03T05:30:00Z', HOUR, 'year=2024/month=11/day=03/hour=01'], // 01:30 EDT
    ['America/New_York', '2024-11-03T06:30:00Z', HOUR, 'year=2024/month=11/day=03/hour=01'], // 01:30 EST
    // A 2-hour bucket starting at 02:00 on the spring-forward day is in the DST gap: Joda (west of UTC)
    // keeps the pre-gap offset, so the bucket renders as 03:00 EDT, not 01:00 EST.
    ['America/New_York', '2024-03-10T07:30:00Z', 2 * HOUR, 'year=2024/month=03/day=10/hour=03'],
    // Java long division truncates toward zero: a pre-1970 instant lands in the bucket that starts at 0.
    ['UTC', '1969-12-31T23:59:59.999Z', HOUR, 'year=1970/month=01/day=01/hour=00'],
  ])('%s: %s with duration %d → %s', (tz, iso, duration, expected) => {
    expect(encodeTimePartition(hourly(tz), utc(iso), duration)).toBe(expected);
  });

  it('computes bucket starts in local time and converts back to UTC (§4.2)', () => {
    expect(timeBucketStart(utc('2024-01-04T23:45:00Z'), HOUR, resolveTimeZone('+05:30'))).toBe(
      utc('2024-01-04T23:30:00Z'),
    );
    expect(timeBucketStart(utc('2024-01-05T18:30:00Z'), DAY, resolveTimeZone('America/New_York'))).toBe(
      utc('2024-01-05T05:00:00Z'),
    );
    expect(timeBucketStart(utc('2024-07-05T18:30:00Z'), DAY, resolveTimeZone('America/New_York'))).toBe(
      utc('2024-07-05T04:00:00Z'),
    );
  });

  test.each([
    ['UTC', 'year=2024/month=01/day=05/hour=13', '2024-01-05T13:00:00Z'],
    ['America/New_York', 'year=2024/month=01/day=05/hour=13', '2024-01-05T18:00:00Z'],
    ['America/New_York', 'year=2024/month=07/day=05/hour=13', '2024-07-05T17:00:00Z'],
    // The ambiguous fall-back hour reads as its first (EDT) occurrence, as Joda's non-strict conversion does.
    ['America/New_York', 'year=2024/month=11/day=03/hour=01', '2024-11-03T05:00:00Z'],
    ['+05:30', 'year=2024/month=01/day=05/hour=05', '2024-01-04T23:30:00Z'],
  ])('%s: reads %s back as its bucket start', (tz, path, iso) => {
    expect(parseTimeDirectory(hourly(tz), path)).toBe(utc(iso));
  });

  test.each([
    ['UTC', 'year=2024/month=1/day=05/hour=13', 'unpadded month for MM'],
    ['UTC', 'year=2024/month=02/day=30/hour=00', 'February 30th'],
    ['UTC', 'year=2024/month=01/day=05', 'missing hour'],
    ['UTC', 'year=2024/month=01/day=05/hour=13/extra', 'trailing level'],
    ['America/New_York', 'year=2024/month=03/day=10/hour=02', 'hour skipped by DST'],
    ['UTC', 'partition=0', 'Default layout'],
  ])('%s: %s is not a path the sink writes (%s)', (tz, path) => {
    expect(parseTimeDirectory(hourly(tz), path)).toBeUndefined();
  });

  it('supports unpadded letters, quotes with escaped quotes and adjacent numeric fields', () => {
    const unpadded = compileTimeLayout({ pathFormat: "'year'=YYYY/'month'=M/'day'=d/'hour'=H", timezone: 'UTC' });
    expect(encodeTimePartition(unpadded, utc('2015-04-02T00:10:00Z'), HOUR)).toBe('year=2015/month=4/day=2/hour=0');
    expect(parseTimeDirectory(unpadded, 'year=2015/month=4/day=2/hour=0')).toBe(utc('2015-04-02T00:00:00Z'));

    const quoted = compileTimeLayout({ pathFormat: "'it''s'=yyyy/''MM", timezone: 'UTC' });
    expect(encodeTimePartition(quoted, utc('2024-03-01T00:00:00Z'), DAY)).toBe("it's=2024/'03");

    const compact = compileTimeLayout({ pathFormat: "YYYYMMdd'T'HHmmss", timezone: 'UTC' });
    expect(encodeTimePartition(compact, utc('2024-03-01T10:20:30Z'), 1000)).toBe('20240301T102030');
    expect(parseTimeDirectory(compact, '20240301T102030')).toBe(utc('2024-03-01T10:20:30Z'));
  });

  it('builds Daily/Hourly patterns with the configured delimiter', () => {
    expect(dailyPathFormat('|')).toBe("'year'=YYYY|'month'=MM|'day'=dd");
    const layout = compileTimeLayout({ pathFormat: hourlyPathFormat('|'), timezone: 'UTC' });
    expect(encodeTimePartition(layout, utc('2024-01-05T13:00:00Z'), HOUR)).toBe('year=2024|month=01|day=05|hour=13');
  });

  test.each([["'month'=MMM"], ["'week'=ww"], ["'year'=yy"], ["'day'=EEE"], ["'year=YYYY"], ['/']])(
    'refuses pattern %s naming path.format',
    (pattern) => {
      expect(() => compileTimeLayout({ pathFormat: pattern, timezone: 'UTC' })).toThrow(
        expect.objectContaining({ setting: 'path.format' }),
      );
    },
  );

  test.each([['Mars/Olympus'], ['+25:00'], ['+05:75'], ['EST5EDT-nope']])(
    'refuses time zone %s naming timezone',
    (tz) => {
      expect(() => resolveTimeZone(tz)).toThrow(ConfigurationError);
      expect(() => resolveTimeZone(tz)).toThrow(expect.objectContaining({ setting: 'timezone' }));
    },
  );

  it('accepts Joda fixed-offset spellings', () => {
    expect(resolveTimeZone('+05:30').offsetAt(0)).toBe(5.5 * HOUR);
    expect(resolveTimeZone('-08').offsetAt(0)).toBe(-8 * HOUR);
    expect(resolveTimeZone('+0530').offsetAt(0)).toBe(5.5 * HOUR);
    expect(resolveTimeZone('UTC').offsetAt(0)).toBe(0);
  });
});

describe('field partitioner paths', () => {
  it('renders values as the sink does, joined by directory.delim (FieldPartitionerTest example)', () => {
    expect(
      encodeFieldPartition(
        [
          { name: 'string', value: 'def' },
          { name: 'int', value: 12 },
        ],
        '|',
      ),
    ).toBe('string=def|int=12');
    expect(
      encodeFieldPartition(
        [
          { name: 'a.b', value: true },
          { name: 'n', value: null },
          { name: 'big', value: 2n ** 63n - 1n },
        ],
        '/',
      ),
    ).toBe('a.b=true/n=null/big=9223372036854775807');
  });

  it('refuses types the sink cannot partition on, naming partition.field.name', () => {
    expect(() => renderFieldValue('price', 1.5)).toThrow(expect.objectContaining({ setting: 'partition.field.name' }));
    expect(() => renderFieldValue('blob', { x: 1 })).toThrow(ConfigurationError);
  });

  it('parses field folders; a "/" in the last value becomes part of it', () => {
    expect(parseFieldDirectory('region=eu/path=a/b/c', ['region', 'path'], '/')).toEqual({
      region: 'eu',
      path: 'a/b/c',
    });
    expect(parseFieldDirectory('customer.country=DE', ['customer.country'], '/')).toEqual({ 'customer.country': 'DE' });
    expect(parseFieldDirectory('region=', ['region'], '/')).toEqual({ region: '' });
  });

  it('an intermediate value ends at the first "<delim><next field>="', () => {
    expect(parseFieldDirectory('a=x/y/b=1', ['a', 'b'], '/')).toEqual({ a: 'x/y', b: '1' });
    expect(parseFieldDirectory('a=1/b=x/b=2', ['a', 'b'], '/')).toEqual({ a: '1', b: 'x/b=2' });
    expect(parseFieldDirectory('a=x/b=1', ['b', 'a'], '/')).toBeUndefined();
    expect(parseFieldDirectory('a=x', ['a', 'b'], '/')).toBeUndefined();
  });
});

describe('default partitioner paths', () => {
  it('renders and parses partition=<n> only', () => {
    expect(encodeDefaultPartition(7)).toBe('partition=7');
    expect(parseDefaultDirectory('partition=7')).toBe(7);
    expect(parseDefaultDirectory('partition=07')).toBeUndefined();
    expect(parseDefaultDirectory('partition=7/x')).toBeUndefined();
    expect(parseDefaultDirectory('p=7')).toBeUndefined();
  });
});
