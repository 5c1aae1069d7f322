import { ConfigurationError } from '../../../domain/errors';
import {
  backupSettingsFromProperties,
  backupSettingsFromSinkConnector,
  type BackupSettings,
} from '../../../domain/restore-settings';

const base = { 'gcs.bucket.name': 'backups', 'format.class': 'io.confluent.connect.gcs.format.avro.AvroFormat' };

describe('backupSettingsFromProperties', () => {
  it('applies the source connector defaults', () => {
    expect(backupSettingsFromProperties(base)).toEqual<BackupSettings>({
      bucket: 'backups',
      topicsDir: 'topics',
      directoryDelim: '/',
      fileDelim: '+',
      format: 'avro',
      partitioner: { kind: 'default' },
      byteArraySeparator: '\n',
      byteArrayExtension: '.bin',
      compression: 'none',
      tasksMax: 1,
      recordBatchMaxSize: 200,
      zeroPadWidth: 10,
    });
  });

  test.each([
    ['io.confluent.connect.gcs.format.json.JsonFormat', 'json'],
    ['io.confluent.connect.s3.format.json.JsonFormat', 'json'],
    ['io.confluent.connect.gcs.format.bytearray.ByteArrayFormat', 'bytearray'],
    ['io.confluent.connect.s3.format.avro.AvroFormat', 'avro'],
    ['bytearray', 'bytearray'],
    ['AVRO', 'avro'],
  ])('format.class %s → %s', (cls, format) => {
    expect(backupSettingsFromProperties({ ...base, 'format.class': cls }).format).toBe(format);
  });

  it('reads the time partitioner settings and keeps the raw separator', () => {
    const s = backupSettingsFromProperties({
      ...base,
      'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
      'path.format': "'dt'=YYYY-MM-dd/",
      'partition.duration.ms': '86400000',
      timezone: 'Europe/Paris',
      locale: 'fr-FR',
      'timestamp.extractor': 'Record',
      'format.bytearray.separator': '\\r\\n',
      'topics.dir': 'a/b',
      'tasks.max': '4',
      'filename.offset.zero.pad.width': '20',
    });
    expect(s.partitioner).toEqual({
      kind: 'time',
      variant: 'TimeBased',
      pathFormat: "'dt'=YYYY-MM-dd",
      durationMs: 86400000,
      timezone: 'Europe/Paris',
      locale: 'fr-FR',
      timestampExtractor: 'Record',
    });
    expect([s.byteArraySeparator, s.topicsDir, s.tasksMax, s.zeroPadWidth]).toEqual(['\\r\\n', 'a/b', 4, 20]);
  });

  it('Daily and Hourly use their fixed pattern and duration, with short class names', () => {
    const daily = backupSettingsFromProperties({
      ...base,
      'partitioner.class': 'DailyPartitioner',
      timezone: 'UTC',
      'directory.delim': '|',
    });
    expect(daily.partitioner).toMatchObject({
      variant: 'Daily',
      pathFormat: "'year'=YYYY|'month'=MM|'day'=dd",
      durationMs: 86400000,
    });
    const hourly = backupSettingsFromProperties({ ...base, 'partitioner.class': 'hourly', timezone: '+05:30' });
    expect(hourly.partitioner).toMatchObject({ variant: 'Hourly', durationMs: 3600000, timezone: '+05:30' });
  });

  it('Field takes a trimmed comma list', () => {
    const s = backupSettingsFromProperties({
      ...base,
      'partitioner.class': 'FieldPartitioner',
      'partition.field.name': ' region , customer.tier ',
    });
    expect(s.partitioner).toEqual({ kind: 'field', fieldNames: ['region', 'customer.tier'] });
  });

  test.each<[string, Record<string, string>, string, RegExp]>([
    ['missing bucket', { 'gcs.bucket.name': '' }, 'gcs.bucket.name', /required/],
    ['missing format', { 'format.class': ' ' }, 'format.class', /required/],
    [
      'Parquet',
      { 'format.class': 'io.confluent.connect.gcs.format.parquet.ParquetFormat' },
      'format.class',
      /Parquet .* not supported/,
    ],
    ['unknown format', { 'format.class': 'com.acme.CsvFormat' }, 'format.class', /not a supported format/],
    ['unknown partitioner', { 'partitioner.class': 'com.acme.MyPartitioner' }, 'partitioner.class', /not supported/],
    [
      'TimeBased without path.format',
      { 'partitioner.class': 'TimeBasedPartitioner', timezone: 'UTC' },
      'path.format',
      /required/,
    ],
    [
      'Daily without timezone',
      { 'partitioner.class': 'DailyPartitioner' },
      'timezone',
      /required for DailyPartitioner/,
    ],
    [
      'Hourly with an unknown zone',
      { 'partitioner.class': 'HourlyPartitioner', timezone: 'Moon/Base' },
      'timezone',
      /not a known time zone/,
    ],
    [
      'text month in path.format',
      { 'partitioner.class': 'TimeBasedPartitioner', timezone: 'UTC', 'path.format': "'m'=MMM" },
      'path.format',
      /locale/,
    ],
    [
      'zero duration',
      {
        'partitioner.class': 'TimeBasedPartitioner',
        timezone: 'UTC',
        'path.format': 'YYYY',
        'partition.duration.ms': '0',
      },
      'partition.duration.ms',
      /positive/,
    ],
    ['Field without fields', { 'partitioner.class': 'FieldPartitioner' }, 'partition.field.name', /required/],
    [
      'Field with an empty entry',
      { 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'a,,b' },
      'partition.field.name',
      /empty entry/,
    ],
    ['snappy compression', { 'gcs.compression.type': 'snappy' }, 'gcs.compression.type', /none, gzip/],
    ['tasks.max 0', { 'tasks.max': '0' }, 'tasks.max', /at least 1/],
    ['non-numeric batch size', { 'record.batch.max.size': 'lots' }, 'record.batch.max.size', /not an integer/],
    ['negative pad width', { 'filename.offset.zero.pad.width': '-1' }, 'filename.offset.zero.pad.width', /at least 0/],
    ['empty separator', { 'format.bytearray.separator': '' }, 'format.bytearray.separator', /empty/],
    ['file.delim equal to directory.delim', { 'file.delim': '/' }, 'file.delim', /differ/],
  ])('%s → ConfigurationError', (_, props, setting, message) => {
    const run = () => backupSettingsFromProperties({ ...base, ...props });
    expect(run).toThrow(ConfigurationError);
    expect(run).toThrow(expect.objectContaining({ setting, message: expect.stringMatching(message) }));
  });
});

describe('backupSettingsFromSinkConnector', () => {
  const SECRET = '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----abc"}';

  it('reads a Confluent Platform sink {name, config} with numbers, topics and a dropped secret', () => {
    const r = backupSettingsFromSinkConnector({
      name: 'gcs-sink',
      config: {
        'connector.class': 'io.confluent.connect.gcs.GcsSinkConnector',
        'tasks.max': 2,
        topics: 'orders, payments',
        'gcs.bucket.name': 'prod-backups',
        'gcs.credentials.json': SECRET,
        'format.class': 'io.confluent.connect.gcs.format.json.JsonFormat',
        'gcs.compression.type': 'gzip',
        'flush.size': 1000,
        'partitioner.class': 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
        timezone: 'UTC',
        locale: 'en',
        'filename.offset.zero.pad.width': 12,
        'storage.class': 'io.confluent.connect.gcs.storage.GcsStorage',
      },
    });
    expect(r.settings).toMatchObject({
      bucket: 'prod-backups',
      format: 'json',
      compression: 'gzip',
      tasksMax: 2,
      zeroPadWidth: 12,
    });
    expect(r.settings.partitioner).toMatchObject({ kind: 'time', variant: 'Hourly', timezone: 'UTC' });
    expect(r.sinkTopics).toEqual(['orders', 'payments']);
    expect(r.sinkTopicsRegex).toBeUndefined();
    expect(r.warnings).toContainEqual(expect.stringContaining('ignored "gcs.credentials.json"'));
    expect(r.warnings).toContainEqual(expect.stringContaining('Wallclock'));
    const everything = JSON.stringify(r);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain('service_account');
  });

  it('reads the bare config map and topics.regex', () => {
    const r = backupSettingsFromSinkConnector({
      'connector.class': 'io.confluent.connect.gcs.GcsSinkConnector',
      'topics.regex': 'orders\\..*',
      'gcs.bucket.name': 'b',
      'format.class': 'io.confluent.connect.gcs.format.avro.AvroFormat',
      'gcs.credentials.path': '/secrets/key.json',
      transforms: 'route',
    });
    expect(r.settings.partitioner).toEqual({ kind: 'default' });
    expect(r.sinkTopics).toEqual([]);
    expect(r.sinkTopicsRegex).toBe('orders\\..*');
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ignored "gcs.credentials.path"'),
        expect.stringContaining('transforms (route)'),
      ]),
    );
    expect(JSON.stringify(r)).not.toContain('/secrets/key.json');
  });

  it('maps a Confluent Cloud fully-managed GcsSink with its defaults (§4.4)', () => {
    const r = backupSettingsFromSinkConnector({
      name: 'GcsSink_1',
      config: {
        'connector.class': 'GcsSink',
        'kafka.auth.mode': 'KAFKA_API_KEY',
        'kafka.api.key': 'KEY123',
        'kafka.api.secret': 'SECRET456',
        topics: 'gcs-topic',
        'gcs.credentials.config': SECRET,
        'gcs.bucket.name': 'cc-bucket',
        'input.data.format': 'AVRO',
        'output.data.format': 'AVRO',
        'time.interval': 'DAILY',
        'flush.size': '1000',
        'tasks.max': '1',
      },
    });
    expect(r.settings).toMatchObject({ bucket: 'cc-bucket', format: 'avro', topicsDir: 'topics' });
    expect(r.settings.partitioner).toEqual({
      kind: 'time',
      variant: 'TimeBased',
      pathFormat: "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
      durationMs: 86400000,
      timezone: 'UTC',
      locale: 'en',
    });
    expect(r.sinkTopics).toEqual(['gcs-topic']);
    for (const name of ['kafka.api.key', 'kafka.api.secret', 'gcs.credentials.config']) {
      expect(r.warnings).toContainEqual(expect.stringContaining(`ignored "${name}"`));
    }
    expect(r.warnings).toContainEqual(expect.stringContaining('tombstones were not backed up'));
    const everything = JSON.stringify(r);
    for (const secret of ['KEY123', 'SECRET456', 'PRIVATE KEY']) expect(everything).not.toContain(secret);
  });

  it('Cloud: a timestamp.field partitions by that record field (files may be open at once)', () => {
    const r = backupSettingsFromSinkConnector({ 'connector.class': 'GcsSink', 'gcs.bucket.name': 'b', 'output.data.format': 'JSON', 'timestamp.field': 'created' });
    expect(r.settings.partitioner).toMatchObject({ kind: 'time', timestampExtractor: 'RecordField' });
    expect(r.warnings).toContainEqual(expect.stringContaining('timestamp.field is set'));
  });

  it('Cloud: output format defaults to the input format; BYTES is ByteArray', () => {
    const r = backupSettingsFromSinkConnector({
      'connector.class': 'GcsSink',
      'gcs.bucket.name': 'b',
      'input.data.format': 'BYTES',
      'partitioner.class': 'FieldPartitioner',
      'partition.field.name': 'x',
    });
    expect(r.settings.format).toBe('bytearray');
    expect(r.settings.partitioner).toEqual({ kind: 'field', fieldNames: ['x'] });
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      'Cloud JSON_SR input without an explicit output format',
      { 'connector.class': 'GcsSink', 'gcs.bucket.name': 'b', 'input.data.format': 'JSON_SR' },
      'output.data.format',
    ],
    [
      'Cloud PARQUET output',
      { 'connector.class': 'GcsSink', 'gcs.bucket.name': 'b', 'output.data.format': 'PARQUET' },
      'output.data.format',
    ],
    [
      'Cloud unknown time.interval',
      { 'connector.class': 'GcsSink', 'gcs.bucket.name': 'b', 'input.data.format': 'JSON', 'time.interval': 'WEEKLY' },
      'time.interval',
    ],
    [
      'an S3 sink',
      { 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', 's3.bucket.name': 'b' },
      'connector.class',
    ],
    ['a nested object value', { 'connector.class': 'GcsSink', 'gcs.bucket.name': { name: 'b' } }, 'gcs.bucket.name'],
  ])('%s → ConfigurationError', (_, config, setting) => {
    expect(() => backupSettingsFromSinkConnector({ name: 'x', config })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', setting }),
    );
  });

  it('refuses input that is not a connector object', () => {
    expect(() => backupSettingsFromSinkConnector('gcs.bucket.name=b')).toThrow(ConfigurationError);
    expect(() => backupSettingsFromSinkConnector({ name: 'x', config: [] })).toThrow(
      expect.objectContaining({ setting: 'config' }),
    );
  });
});
