import { overlapsAreRepeats, timestampExtractorName } from '../../../domain/backup-layout/overlap-policy';
import type { PartitionerSettings } from '../../../domain/restore-settings';

const time = (timestampExtractor?: string): PartitionerSettings => ({ kind: 'time', variant: 'Hourly', pathFormat: "'hour'=HH", timezone: 'UTC', ...(timestampExtractor && { timestampExtractor }) });

describe('overlapsAreRepeats', () => {
  test.each<[string, PartitionerSettings, 'offset' | 'per-file', boolean]>([
    ['DefaultPartitioner: one open file per partition, an overlap is a sink re-run', { kind: 'default' }, 'offset', true],
    ['time on wall-clock time (the sink default): files rotate together', time(), 'offset', true],
    ['time on wall-clock time, by class name', time('io.confluent.connect.storage.partitioner.TimeBasedPartitioner$WallclockTimestampExtractor'), 'offset', true],
    ['time on record timestamps: files open at once', time('Record'), 'offset', false],
    ['time on a record field', time('RecordField'), 'offset', false],
    ["time on the user's own extractor", time('com.acme.EventTime'), 'offset', false],
    ['FieldPartitioner, even within one folder so far', { kind: 'field', fieldNames: ['color'] }, 'offset', false],
    ['any layout whose folders already show interleaving', { kind: 'default' }, 'per-file', false],
  ])('%s', (_why, partitioner, ordering, repeats) => {
    expect(overlapsAreRepeats({ partitioner }, ordering)).toBe(repeats);
  });

  test('extractor names: short names and the nested classes map to Wallclock, Record, RecordField', () => {
    expect(['Wallclock', ' Record ', 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner$RecordFieldTimestampExtractor'].map(timestampExtractorName)).toEqual(['Wallclock', 'Record', 'RecordField']);
  });
});
