import { BackupLayoutError } from '../../../domain/errors';
import {
  compareOffsets,
  formatObjectKey,
  offsetToSafeNumber,
  parseObjectKey,
  parseObjectKeyOrThrow,
  toOffsetString,
  zeroPadOffset,
} from '../../../domain/backup-layout';

const naming = { topicsDir: 'topics', directoryDelim: '/', fileDelim: '+', zeroPadWidth: 10 };

describe('object keys', () => {
  test.each([
    [
      'topics/orders/partition=3/orders+3+0000004200.avro',
      {
        topic: 'orders',
        partition: 3,
        startOffset: '4200',
        view: 'value',
        extension: '.avro',
        folderTopic: 'orders',
        directoryPath: 'partition=3',
      },
    ],
    [
      'topics/orders/year=2024/month=01/day=05/hour=13/orders+3+0000004200.json.gz',
      {
        topic: 'orders',
        partition: 3,
        startOffset: '4200',
        view: 'value',
        extension: '.json.gz',
        folderTopic: 'orders',
        directoryPath: 'year=2024/month=01/day=05/hour=13',
      },
    ],
    [
      'topics/orders/partition=3/orders+3+0000004200.keys.avro',
      {
        topic: 'orders',
        partition: 3,
        startOffset: '4200',
        view: 'keys',
        extension: '.avro',
        folderTopic: 'orders',
        directoryPath: 'partition=3',
      },
    ],
    [
      'topics/orders/partition=3/orders+3+0000004200.headers.avro',
      {
        topic: 'orders',
        partition: 3,
        startOffset: '4200',
        view: 'headers',
        extension: '.avro',
        folderTopic: 'orders',
        directoryPath: 'partition=3',
      },
    ],
    [
      'topics/other/p/my.topic_v2-x+12+10000000000.snappy.parquet',
      {
        topic: 'my.topic_v2-x',
        partition: 12,
        startOffset: '10000000000',
        view: 'value',
        extension: '.snappy.parquet',
        folderTopic: 'other',
        directoryPath: 'p',
      },
    ],
    [
      'topics/t/partition=0/t+0+9223372036854775807.bin',
      {
        topic: 't',
        partition: 0,
        startOffset: '9223372036854775807',
        view: 'value',
        extension: '.bin',
        folderTopic: 't',
        directoryPath: 'partition=0',
      },
    ],
  ])('parses %s', (name, expected) => {
    expect(parseObjectKey(name, naming)).toEqual({ ok: true, key: { objectName: name, ...expected } });
  });

  test.each([
    ['outside topics.dir', 'backup/orders/partition=0/orders+0+0000000000.avro', true],
    ['no topic folder', 'topics/orders+0+0000000000.avro', false],
    ['no extension', 'topics/orders/partition=0/orders+0+0000000000', false],
    ['offset beyond Long.MAX_VALUE', 'topics/orders/partition=0/orders+0+9223372036854775808.avro', false],
    ['partition beyond int', 'topics/orders/partition=0/orders+2147483648+0000000000.avro', false],
    ['HDFS-style end offset', 'topics/orders/partition=0/orders+0+0000000000+0000000009.avro', false],
  ])('does not parse: %s', (_, name, outside) => {
    const r = parseObjectKey(name, naming);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.outsideTopicsDir).toBe(outside);
  });

  it('a directory.delim that topic names may contain (_ - .) does not split the topic', () => {
    const underscore = { ...naming, directoryDelim: '_' };
    expect(parseObjectKey('topics_my_topic_partition=0_my_topic+0+0000000000.json', underscore)).toMatchObject({
      ok: true,
      key: { topic: 'my_topic', folderTopic: 'my_topic', directoryPath: 'partition=0', partition: 0 },
    });
    expect(parseObjectKey('topics_my_topic_2024_01_my_topic+3+0000000005.json', underscore)).toMatchObject({
      ok: true,
      key: { topic: 'my_topic', folderTopic: 'my_topic', directoryPath: '2024_01', partition: 3, startOffset: '5' },
    });
  });

  it('file.delim=. parses: every extension starts with it', () => {
    const dots = { ...naming, fileDelim: '.' };
    expect(parseObjectKey('topics/t/partition=3/t.3.0000000000.json', dots)).toMatchObject({ ok: true, key: { topic: 't', partition: 3, extension: '.json' } });
    expect(parseObjectKey('topics/t/partition=3/t.3.0000000000.keys.avro', dots)).toMatchObject({ ok: true, key: { view: 'keys', extension: '.avro' } });
  });

  it('parseObjectKeyOrThrow names the object in a BackupLayoutError', () => {
    const name = 'topics/orders/partition=0/orders_0_0000000000.avro';
    expect(() => parseObjectKeyOrThrow(name, naming)).toThrow(BackupLayoutError);
    expect(() => parseObjectKeyOrThrow(name, naming)).toThrow(expect.objectContaining({ objectName: name }));
  });

  it('formats keys with zero padding that pads but never truncates', () => {
    const key = (startOffset: number | bigint | string) =>
      formatObjectKey(naming, {
        topic: 'orders',
        partition: 12,
        startOffset,
        encodedPartition: 'partition=12',
        extension: '.avro',
      });
    expect(key(42)).toBe('topics/orders/partition=12/orders+12+0000000042.avro');
    expect(key(9999999999)).toBe('topics/orders/partition=12/orders+12+9999999999.avro');
    expect(key(10000000000)).toBe('topics/orders/partition=12/orders+12+10000000000.avro');
    expect(key(9007199254740993n)).toBe('topics/orders/partition=12/orders+12+9007199254740993.avro');
    expect(key('0000000007')).toBe('topics/orders/partition=12/orders+12+0000000007.avro');
  });

  it('round-trips through parse with custom naming, views and a topics.dir containing the delimiter', () => {
    const custom = { topicsDir: 'a|b', directoryDelim: '|', fileDelim: '#', zeroPadWidth: 4 };
    const name = formatObjectKey(custom, {
      topic: 't',
      partition: 1,
      startOffset: 123456n,
      encodedPartition: 'x=1|y=2',
      extension: '.json',
      view: 'headers',
    });
    expect(name).toBe('a|b|t|x=1|y=2|t#1#123456.headers.json');
    expect(parseObjectKey(name, custom)).toEqual({
      ok: true,
      key: {
        objectName: name,
        topic: 't',
        partition: 1,
        startOffset: '123456',
        view: 'headers',
        extension: '.json',
        folderTopic: 't',
        directoryPath: 'x=1|y=2',
      },
    });
  });

  it('pads to width 0 as the plain number', () => {
    expect(
      formatObjectKey(
        { ...naming, zeroPadWidth: 0 },
        { topic: 't', partition: 0, startOffset: 0, encodedPartition: 'partition=0', extension: '.bin' },
      ),
    ).toBe('topics/t/partition=0/t+0+0.bin');
  });
});

describe('offsets', () => {
  it('compares numerically, not alphabetically', () => {
    const sorted = ['10000000000', '9', '9999999999', '0', '100'].sort(compareOffsets);
    expect(sorted).toEqual(['0', '9', '100', '9999999999', '10000000000']);
  });

  it('canonicalises padded digits and keeps values beyond 2^53 exact', () => {
    expect(toOffsetString('0000004200')).toBe('4200');
    expect(toOffsetString('0000000000')).toBe('0');
    expect(toOffsetString(9007199254740993n)).toBe('9007199254740993');
    expect(zeroPadOffset('42', 5)).toBe('00042');
  });

  it('refuses values that are not Kafka offsets', () => {
    expect(() => toOffsetString(-1)).toThrow(RangeError);
    expect(() => toOffsetString(2 ** 53 + 2)).toThrow(/not a safe integer/);
    expect(() => toOffsetString(9223372036854775808n)).toThrow(RangeError);
    expect(() => offsetToSafeNumber('9007199254740993')).toThrow(/2\^53/);
    expect(offsetToSafeNumber('9007199254740991')).toBe(9007199254740991);
  });
});
