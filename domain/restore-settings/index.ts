export { backupSettingsFromProperties, RESTORE_PROPERTY_NAMES } from './from-properties';
export { parseJavaProperties } from './java-properties';
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
