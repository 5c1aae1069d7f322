import { D, H, expectLayout, field, hourly, timeBased, type LayoutCase } from './layout-case';

/** Field, Hourly, Daily and TimeBased layouts: folder parsing, ordering guarantees, time zones. */
const cases: LayoutCase[] = [
  // --- FieldPartitioner ---------------------------------------------------------------------
  {
    name: 'field: dotted names, several folders → per-file ordering and a warning',
    props: field('customer.country,tier'),
    objects: [
      'topics/orders/customer.country=DE/tier=gold/orders+0+0000000004.avro',
      'topics/orders/customer.country=FR/tier=null/orders+0+0000000000.avro',
    ],
    partitions: {
      'orders-0': [
        'topics/orders/customer.country=FR/tier=null/orders+0+0000000000.avro',
        'topics/orders/customer.country=DE/tier=gold/orders+0+0000000004.avro',
      ],
    },
    ordering: { 'orders-0': 'per-file' },
    warnings: ['order-per-file-field-partitioner'],
  },
  {
    name: 'field: a "/" inside the last value adds directory levels and still parses',
    props: field('path'),
    objects: ['topics/orders/path=a/b/c/orders+0+0000000000.avro', 'topics/orders/path=a/b/c/orders+0+0000000005.avro'],
    partitions: {
      'orders-0': [
        'topics/orders/path=a/b/c/orders+0+0000000000.avro',
        'topics/orders/path=a/b/c/orders+0+0000000005.avro',
      ],
    },
    ordering: { 'orders-0': 'offset' },
  },
  {
    name: 'field: Default folders and missing fields do not match the field structure',
    props: field('region,tier'),
    objects: [
      `${D}orders+0+0000000000.avro`,
      'topics/orders/region=eu/orders+0+0000000001.avro',
      'topics/orders/tier=a/region=eu/orders+0+0000000002.avro',
      'topics/orders/region=eu/tier=a/orders+0+0000000003.avro',
    ],
    partitions: { 'orders-0': ['topics/orders/region=eu/tier=a/orders+0+0000000003.avro'] },
    ignored: { 'partitioner-structure-mismatch': 3 },
    warnings: ['structure-mismatch-ignored'],
  },
  // --- time-based partitioners ----------------------------------------------------------------
  {
    name: 'hourly: order by offset across hour folders; Default folders are ignored',
    props: hourly,
    objects: [
      `${H('14')}orders+0+0000000006.avro`,
      `${H('13')}orders+0+0000000000.avro`,
      `${H('13')}orders+0+0000000003.avro`,
      `${D}orders+0+0000000009.avro`,
    ],
    partitions: {
      'orders-0': [
        `${H('13')}orders+0+0000000000.avro`,
        `${H('13')}orders+0+0000000003.avro`,
        `${H('14')}orders+0+0000000006.avro`,
      ],
    },
    ordering: { 'orders-0': 'offset' },
    ignored: { 'partitioner-structure-mismatch': 1 },
    warnings: ['structure-mismatch-ignored'],
  },
  {
    name: 'hourly: impossible dates, hour 24 and unpadded fields are not paths the sink writes',
    props: hourly,
    objects: [
      'topics/orders/year=2024/month=04/day=31/hour=00/orders+0+0000000000.avro',
      'topics/orders/year=2024/month=01/day=05/hour=24/orders+0+0000000001.avro',
      'topics/orders/year=2024/month=1/day=05/hour=13/orders+0+0000000002.avro',
    ],
    ignored: { 'partitioner-structure-mismatch': 3 },
    warnings: ['structure-mismatch-ignored', 'no-object-matched-partitioner'],
  },
  {
    name: 'hourly: time folders going backwards in offset order → per-file ordering and a warning',
    props: hourly,
    objects: [
      `${H('13')}orders+0+0000000000.avro`,
      `${H('12')}orders+0+0000000001.avro`,
      `${H('13')}orders+0+0000000005.avro`,
    ],
    partitions: {
      'orders-0': [
        `${H('13')}orders+0+0000000000.avro`,
        `${H('12')}orders+0+0000000001.avro`,
        `${H('13')}orders+0+0000000005.avro`,
      ],
    },
    ordering: { 'orders-0': 'per-file' },
    warnings: ['order-per-file-non-monotonic-time'],
  },
  {
    name: 'hourly: the same start offset in two folders (a Wallclock re-run) is a duplicate warning',
    props: hourly,
    objects: [`${H('13')}orders+0+0000000005.avro`, `${H('14')}orders+0+0000000005.avro`],
    partitions: { 'orders-0': [`${H('13')}orders+0+0000000005.avro`, `${H('14')}orders+0+0000000005.avro`] },
    warnings: ['duplicate-start-offset'],
  },
  {
    name: 'daily: fixed year/month/day pattern, path.format ignored',
    props: { 'partitioner.class': 'DailyPartitioner', timezone: 'UTC', 'path.format': "'x'=YYYY" },
    objects: [
      'topics/orders/year=2024/month=02/day=29/orders+0+0000000000.avro',
      'topics/orders/year=2023/month=02/day=29/orders+0+0000000001.avro',
      'topics/orders/x=2024/orders+0+0000000002.avro',
    ],
    partitions: { 'orders-0': ['topics/orders/year=2024/month=02/day=29/orders+0+0000000000.avro'] },
    ignored: { 'partitioner-structure-mismatch': 2 },
    warnings: ['structure-mismatch-ignored'],
  },
  {
    name: 'time-based: unpadded M/d/H pattern (the sink test example year=2015/month=4/day=2/hour=0)',
    props: timeBased("'year'=YYYY/'month'=M/'day'=d/'hour'=H", 'UTC'),
    objects: [
      'topics/orders/year=2015/month=4/day=2/hour=0/orders+0+0000000000.avro',
      'topics/orders/year=2015/month=04/day=02/hour=00/orders+0+0000000001.avro',
    ],
    partitions: { 'orders-0': ['topics/orders/year=2015/month=4/day=2/hour=0/orders+0+0000000000.avro'] },
    ignored: { 'partitioner-structure-mismatch': 1 },
    warnings: ['structure-mismatch-ignored'],
  },
  {
    name: 'time-based: America/New_York rejects the hour skipped by the spring-forward DST gap',
    props: timeBased("'dt'=YYYY-MM-dd/'hr'=HH", 'America/New_York'),
    objects: [
      'topics/orders/dt=2024-03-10/hr=01/orders+0+0000000000.avro',
      'topics/orders/dt=2024-03-10/hr=02/orders+0+0000000001.avro',
      'topics/orders/dt=2024-03-10/hr=03/orders+0+0000000002.avro',
    ],
    partitions: {
      'orders-0': [
        'topics/orders/dt=2024-03-10/hr=01/orders+0+0000000000.avro',
        'topics/orders/dt=2024-03-10/hr=03/orders+0+0000000002.avro',
      ],
    },
    ignored: { 'partitioner-structure-mismatch': 1 },
    warnings: ['structure-mismatch-ignored'],
  },
  {
    name: 'time-based: +05:30 offset zone with a trailing delimiter stripped from path.format',
    props: timeBased("'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH/", '+05:30'),
    objects: ['topics/orders/year=2024/month=01/day=05/hour=05/orders+0+0000000000.avro'],
    partitions: { 'orders-0': ['topics/orders/year=2024/month=01/day=05/hour=05/orders+0+0000000000.avro'] },
    ordering: { 'orders-0': 'offset' },
  },
];

describe('classifyBackupObjects: field and time-based partitioners', () => {
  test.each(cases)('$name', expectLayout);
});
