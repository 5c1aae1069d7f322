/**
 * Sink simulator: writes what the Confluent GCS sink would write for given records — the same
 * object names (§2), rotation (§3) and bodies (§5) — so restore tests run without Kafka Connect.
 * Dev/test tooling only; not part of the product runtime.
 */
import type { BackupSettings } from '../../domain/restore-settings/types';
import { parseSeparatorSetting } from '../../formats/separator-setting';
import { encodeSinkFile } from './bodies';
import { planSinkFiles } from './rotation';
import type { SimTopicPartition, SinkObject, SinkSimulatorConfig } from './types';

export { encodeSinkFile } from './bodies';
export { planSinkFiles, valueExtension } from './rotation';
export { uploadObjects } from './upload';
export type { SimRecord, SimTopicPartition, SinkFile, SinkObject, SinkPlan, SinkSimulatorConfig } from './types';

/** All committed objects (value objects followed by their companions), in commit order. */
export function simulateSink(config: SinkSimulatorConfig, inputs: readonly SimTopicPartition[]): SinkObject[] {
  return planSinkFiles(config, inputs).files.flatMap((f) => encodeSinkFile(config, f));
}

/** A simulator config that writes exactly the layout the given restore settings read. */
export function sinkConfigFromSettings(
  settings: BackupSettings,
  sink: Omit<
    SinkSimulatorConfig,
    | 'format'
    | 'partitioner'
    | 'zeroPadWidth'
    | 'topicsDir'
    | 'directoryDelim'
    | 'fileDelim'
    | 'byteArraySeparator'
    | 'byteArrayExtension'
    | 'gzip'
  >,
): SinkSimulatorConfig {
  return {
    ...sink,
    format: settings.format,
    partitioner: settings.partitioner,
    zeroPadWidth: settings.zeroPadWidth,
    topicsDir: settings.topicsDir,
    directoryDelim: settings.directoryDelim,
    fileDelim: settings.fileDelim,
    byteArraySeparator: parseSeparatorSetting(settings.byteArraySeparator),
    byteArrayExtension: settings.byteArrayExtension,
    gzip: settings.compression === 'gzip',
  };
}
