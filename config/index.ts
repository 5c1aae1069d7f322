export { loadConfig, positiveInteger, type LoadConfigOptions } from './load';
export { resolveSecret, resolveTls, temporalTlsOptions, assertSecretsResolvable, secretReferences } from './secrets';
export { LifeboatConfig, KafkaClusterConfig, SecretRef, TlsSettings, type LifeboatConfigInput } from './schema';
