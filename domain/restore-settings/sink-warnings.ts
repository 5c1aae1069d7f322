/**
 * What the sink's configuration predicts about the backup, said up front so the drill report can
 * carry it: ordering limits (§4.5), overlap risks (§3) and data the sink never wrote (§2.5, §5.3).
 */
import { timestampExtractorName } from '../backup-layout/overlap-policy';
import type { BackupSettings } from './types';

export function sinkWarnings(
  config: Readonly<Record<string, string>>,
  settings: BackupSettings,
  flavour: 'cp' | 'cc',
): string[] {
  const warnings: string[] = [];
  const p = settings.partitioner;
  if (p.kind === 'field') {
    warnings.push(
      'FieldPartitioner: records of one Kafka partition are spread over field folders; only per-file order can be restored',
    );
  }
  if (p.kind === 'time') {
    const extractor = timestampExtractorName(p.timestampExtractor ?? (flavour === 'cp' ? 'Wallclock' : ''));
    if (extractor === 'Record' || extractor === 'RecordField') {
      warnings.push(
        `timestamp.extractor=${extractor}: if record timestamps are not monotone, time folders interleave and only per-file order can be restored`,
      );
    } else if (extractor === 'Wallclock') {
      warnings.push(
        'timestamp.extractor=Wallclock: file boundaries are not deterministic, so a sink restart can leave overlapping objects; overlaps are reported once record counts are known',
      );
    }
  }
  if (Number(config['rotate.schedule.interval.ms'] ?? '-1') > 0) {
    warnings.push(
      'rotate.schedule.interval.ms is set: scheduled rotation is not deterministic and can leave overlapping objects',
    );
  }
  const nulls = (config['behavior.on.null.values'] ?? (flavour === 'cc' ? 'ignore' : 'fail')).trim().toLowerCase();
  if (nulls === 'ignore') {
    warnings.push(
      'behavior.on.null.values=ignore: tombstones were not backed up, so deletes are not restored and offsets show gaps',
    );
  }
  if ((config.transforms ?? '').trim() !== '') {
    warnings.push(
      `the sink applies transforms (${config.transforms!.trim()}): topic folders in the backup may not match the consumed topics`,
    );
  }
  return warnings;
}
