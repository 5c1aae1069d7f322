export { backupSettingsFromProperties } from './from-properties';
export { backupSettingsFromSinkConnector } from './from-sink-connector';
export type { SinkConnectorSettings } from './from-sink-connector';
export { DEFAULTS } from './types';
export type {
  BackupFormat,
  BackupSettings,
  KeyNaming,
  PartitionerKind,
  PartitionerSettings,
  TimePartitionerVariant,
} from './types';
