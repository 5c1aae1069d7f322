export { loadConfig, positiveInteger, type LoadConfigOptions } from './load';
export { resolveSecret, assertSecretsResolvable, secretReferences } from './secrets';
export { LifeboatConfig, KafkaClusterConfig, SecretRef, type LifeboatConfigInput } from './schema';
