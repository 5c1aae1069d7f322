import { classifyBackupObjects } from '../../../domain/backup-layout';
import { backupSettingsFromProperties } from '../../../domain/restore-settings';
import { D, H, expectLayout, type LayoutCase } from './layout-case';

/** DefaultPartitioner layouts, and the ignore/fail rules and formats that apply to every partitioner. */
const cases: LayoutCase[] = [
  // --- DefaultPartitioner -------------------------------------------------------------------
  {
    name: 'default: numeric start-offset order, 9999999999 before 10000000000 (never alphabetical)',
    objects: [
      `${D}orders+0+10000000000.avro`,
      `${D}orders+0+9999999999.avro`,
      `${D}orders+0+0000000000.avro`,
      `topics/orders/partition=1/orders+1+0000000003.avro`,
    ],
    partitions: {
      'orders-0': [`${D}orders+0+0000000000.avro`, `${D}orders+0+9999999999.avro`, `${D}orders+0+10000000000.avro`],
      'orders-1': ['topics/orders/partition=1/orders+1+0000000003.avro'],
    },
    ordering: { 'orders-0': 'offset' },
  },
  {
    name: 'default: objects outside topics.dir are ignored, including a sibling prefix "topicsX/"',
    objects: [
      'other/orders/partition=0/orders+0+0000000000.avro',
      'topicsX/orders/partition=0/orders+0+0000000000.avro',
      'README',
      `${D}orders+0+0000000000.avro`,
    ],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.avro`] },
    ignored: { 'outside-topics-dir': 3 },
  },
  {
    name: 'default: extensions of other formats are ignored, not errors',
    objects: [
      `${D}orders+0+0000000000.json`,
      `${D}orders+0+0000000000.bin`,
      `${D}_SUCCESS`,
      `${D}orders+0+0000000000.avro.tmp`,
      `${D}orders+0+0000000000.avro`,
    ],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.avro`] },
    ignored: { 'wrong-extension': 4 },
  },
  {
    name: 'default: .keys/.headers files are paired with their value object and never restored as values',
    objects: [
      `${D}orders+0+0000000000.avro`,
      `${D}orders+0+0000000000.keys.avro`,
      `${D}orders+0+0000000000.headers.avro`,
      `${D}orders+0+0000000003.avro`,
    ],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.avro`, `${D}orders+0+0000000003.avro`] },
    companions: {
      [`${D}orders+0+0000000000.avro`]: {
        keysObject: `${D}orders+0+0000000000.keys.avro`,
        headersObject: `${D}orders+0+0000000000.headers.avro`,
      },
    },
  },
  {
    name: 'default: a keys file with no value object (S3 tombstone folder) is reported as unpaired',
    objects: ['topics/orders/tombstone/orders+0+0000000007.keys.avro', `${D}orders+0+0000000000.avro`],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.avro`] },
    ignored: { 'unpaired-companion': 1 },
  },
  {
    name: 'default: names under topics.dir with the format extension that do not parse are errors naming the object',
    options: { maxExamples: 10 },
    objects: [
      `${D}orders-0-0000000000.avro`,
      `${D}orders+x+0000000000.avro`,
      'topics/orders+0+0000000000.avro',
      `${D}orders+0+0000000000.foo.avro`,
      `${D}orders+0+99999999999999999999.avro`,
      `${D}bad topic+0+0000000000.avro`,
    ],
    errors: [
      `${D}orders-0-0000000000.avro`,
      `${D}orders+x+0000000000.avro`,
      'topics/orders+0+0000000000.avro',
      `${D}orders+0+0000000000.foo.avro`,
      `${D}orders+0+99999999999999999999.avro`,
      `${D}bad topic+0+0000000000.avro`,
    ],
  },
  {
    name: 'default: a time-based folder under a Default config is ignored like the connector, and said loudly',
    objects: [`${H('13')}orders+0+0000000000.avro`],
    ignored: { 'partitioner-structure-mismatch': 1 },
    warnings: ['structure-mismatch-ignored', 'no-object-matched-partitioner'],
  },
  {
    name: 'default: extra folder levels and files directly in the topic folder are structure mismatches',
    objects: [
      `${D}extra/orders+0+0000000001.avro`,
      'topics/orders/orders+0+0000000002.avro',
      'topics/orders/partition=00/orders+0+0000000004.avro',
      `${D}orders+0+0000000000.avro`,
    ],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.avro`] },
    ignored: { 'partitioner-structure-mismatch': 3 },
    warnings: ['structure-mismatch-ignored'],
  },
  {
    name: 'default: onStructureMismatch=error makes a mismatch fatal',
    options: { onStructureMismatch: 'error' },
    objects: [`${H('13')}orders+0+0000000000.avro`],
    errors: [`${H('13')}orders+0+0000000000.avro`],
  },
  {
    name: "default: a file in another topic's folder restores to the topic its name names, with a warning",
    objects: ['topics/payments/partition=0/orders+0+0000000005.avro', `${D}orders+0+0000000000.avro`],
    partitions: {
      'orders-0': [`${D}orders+0+0000000000.avro`, 'topics/payments/partition=0/orders+0+0000000005.avro'],
    },
    warnings: ['other-topic-folder'],
  },
  {
    name: 'default: the partition in the file name wins over the partition=N folder',
    objects: ['topics/orders/partition=1/orders+0+0000000005.avro'],
    partitions: { 'orders-0': ['topics/orders/partition=1/orders+0+0000000005.avro'] },
    warnings: ['partition-folder-mismatch'],
  },
  {
    name: 'default: topics.dir containing "/"',
    props: { 'topics.dir': 'backups/prod/topics' },
    objects: [
      'backups/prod/topics/orders/partition=2/orders+2+0000000000.avro',
      'topics/orders/partition=2/orders+2+0000000000.avro',
      'backups/prod/topics2/orders/partition=2/orders+2+0000000000.avro',
    ],
    partitions: { 'orders-2': ['backups/prod/topics/orders/partition=2/orders+2+0000000000.avro'] },
    ignored: { 'outside-topics-dir': 2 },
  },
  {
    name: 'default: blank topics.dir puts topic folders at the bucket root',
    props: { 'topics.dir': '' },
    objects: ['orders/partition=0/orders+0+0000000000.avro'],
    partitions: { 'orders-0': ['orders/partition=0/orders+0+0000000000.avro'] },
  },
  {
    name: 'default: custom directory.delim and file.delim',
    props: { 'directory.delim': '|', 'file.delim': '#' },
    objects: [
      'topics|orders|partition=0|orders#0#0000000010.avro',
      'topics|orders|partition=0|orders#0#0000000002.avro',
      'topics|orders|partition=0|orders+0+0000000000.avro',
    ],
    partitions: {
      'orders-0': [
        'topics|orders|partition=0|orders#0#0000000002.avro',
        'topics|orders|partition=0|orders#0#0000000010.avro',
      ],
    },
    errors: ['topics|orders|partition=0|orders+0+0000000000.avro'],
  },
  {
    name: 'default: topic allow-list selects by file-name topic; bad names in unselected folders do not stop the restore',
    options: { topics: ['orders'] },
    objects: [
      'topics/payments/partition=0/payments+0+0000000000.avro',
      'topics/payments/partition=0/junk.avro',
      'topics/payments/partition=0/orders+0+0000000009.avro',
      `${D}junk.avro`,
    ],
    partitions: { 'orders-0': ['topics/payments/partition=0/orders+0+0000000009.avro'] },
    ignored: { 'topic-not-selected': 2 },
    errors: [`${D}junk.avro`],
    warnings: ['other-topic-folder'],
  },
  {
    name: 'default: console folder placeholders are ignored',
    objects: ['topics/orders/', D],
    ignored: { 'directory-placeholder': 2 },
  },
  // --- formats ------------------------------------------------------------------------------
  {
    name: 'json: .json and .json.gz are both values (keys pair by stem); a mismatch with gcs.compression.type is a warning',
    props: { 'format.class': 'io.confluent.connect.gcs.format.json.JsonFormat', 'gcs.compression.type': 'gzip' },
    objects: [
      `${D}orders+0+0000000000.json.gz`,
      `${D}orders+0+0000000003.json`,
      `${D}orders+0+0000000006.avro`,
      `${D}orders+0+0000000000.keys.json`,
    ],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.json.gz`, `${D}orders+0+0000000003.json`] },
    ignored: { 'wrong-extension': 1 },
    warnings: ['compression-mismatch'],
    companions: { [`${D}orders+0+0000000000.json.gz`]: { keysObject: `${D}orders+0+0000000000.keys.json` } },
  },
  {
    name: 'json: keys stored as Avro next to JSON values (keys.format.class default) still pair',
    props: { 'format.class': 'json' },
    objects: [`${D}orders+0+0000000000.json`, `${D}orders+0+0000000000.keys.avro`],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.json`] },
    companions: { [`${D}orders+0+0000000000.json`]: { keysObject: `${D}orders+0+0000000000.keys.avro` } },
  },
  {
    name: 'bytearray: .bin and .bin.gz',
    props: { 'format.class': 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat' },
    objects: [`${D}orders+0+0000000000.bin`, `${D}orders+0+0000000004.bin.gz`],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.bin`, `${D}orders+0+0000000004.bin.gz`] },
    warnings: ['compression-mismatch'],
  },
  {
    name: 'bytearray: a custom extension replaces .bin',
    props: { 'format.class': 'bytearray', 'format.bytearray.extension': '.dat' },
    objects: [`${D}orders+0+0000000000.dat`, `${D}orders+0+0000000002.bin`],
    partitions: { 'orders-0': [`${D}orders+0+0000000000.dat`] },
    ignored: { 'wrong-extension': 1 },
  },
];

describe('classifyBackupObjects: default partitioner, ignore/fail rules, formats', () => {
  test.each(cases)('$name', expectLayout);

  it('keeps reports small: counts are exact but examples are capped', () => {
    const settings = backupSettingsFromProperties({ 'gcs.bucket.name': 'b', 'format.class': 'avro' });
    const objects = Array.from({ length: 1000 }, (_, i) => ({ name: `elsewhere/${i}`, size: 2 }));
    const layout = classifyBackupObjects(settings, objects, { maxExamples: 3 });
    expect(layout.ignored).toEqual([
      {
        reason: 'outside-topics-dir',
        count: 1000,
        bytes: 2000,
        examples: ['elsewhere/0', 'elsewhere/1', 'elsewhere/2'],
      },
    ]);
  });

  it('error examples carry the reason and name the object', () => {
    const settings = backupSettingsFromProperties({ 'gcs.bucket.name': 'b', 'format.class': 'avro' });
    const layout = classifyBackupObjects(settings, [{ name: 'topics/orders/partition=0/orders.avro', size: 1 }]);
    expect(layout.errors.examples[0]).toEqual({
      objectName: 'topics/orders/partition=0/orders.avro',
      reason: expect.stringContaining('is not <topic>+<partition>+<startOffset><extension>'),
    });
  });
});
