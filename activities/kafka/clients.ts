import { Kafka, logLevel, type KafkaConfig, type logCreator, type SASLOptions } from 'kafkajs';
import { resolveSecret, resolveTls } from '../../config/secrets';
import type { KafkaClusterConfig } from '../../config/schema';
import { ConfigurationError } from '../../domain/errors';

/** One kafkajs client per configured cluster, built by the worker with secrets resolved here and only here. */
export class KafkaClusters {
  private readonly clients = new Map<string, Kafka>();
  private readonly closers = new Set<() => Promise<void>>();

  constructor(
    private readonly configs: Record<string, KafkaClusterConfig>,
    private readonly options: { clientId?: string; logCreator?: logCreator; env?: NodeJS.ProcessEnv; logLevel?: logLevel } = {},
  ) {}

  names(): string[] {
    return Object.keys(this.configs);
  }

  config(name: string): KafkaClusterConfig {
    const config = this.configs[name];
    if (!config) {
      throw new ConfigurationError(`clusters.${name}`, `no cluster named '${name}' is configured (known: ${this.names().join(', ')})`);
    }
    return config;
  }

  client(name: string): Kafka {
    let client = this.clients.get(name);
    if (!client) {
      client = new Kafka(this.kafkaConfig(name));
      this.clients.set(name, client);
    }
    return client;
  }

  /** Disconnects the long-lived producers and admins that activities keep per cluster. */
  async close(): Promise<void> {
    await Promise.all([...this.closers].map((close) => close().catch(() => undefined)));
    this.closers.clear();
  }

  /** Registers something to disconnect when the worker shuts down. */
  onClose(close: () => Promise<void>): void {
    this.closers.add(close);
  }

  private kafkaConfig(name: string): KafkaConfig {
    const config = this.config(name);
    return {
      clientId: `${this.options.clientId ?? 'lifeboat'}-${name}`,
      brokers: config.bootstrapServers,
      ssl: this.ssl(name, config.ssl),
      sasl: config.sasl ? this.sasl(name, config.sasl) : undefined,
      connectionTimeout: 5_000,
      // Short in-process retries: the Temporal retry policy owns long outages (style guide §5).
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 5_000 },
      logLevel: this.options.logLevel ?? logLevel.WARN,
      logCreator: this.options.logCreator,
    };
  }

  private ssl(name: string, ssl: KafkaClusterConfig['ssl']): KafkaConfig['ssl'] {
    const resolved = resolveTls(ssl, `clusters.${name}.ssl`, this.options.env);
    if (typeof resolved === 'boolean') return resolved;
    // Only what is set: kafkajs merges these over its own { servername: host }, and an undefined
    // servername would turn SNI off (brokers behind SNI routing then fail the handshake).
    return {
      ...(resolved.ca && { ca: [resolved.ca] }),
      ...(resolved.cert && { cert: resolved.cert }),
      ...(resolved.key && { key: resolved.key }),
      ...(resolved.serverName && { servername: resolved.serverName }),
    };
  }

  private sasl(name: string, sasl: NonNullable<KafkaClusterConfig['sasl']>): SASLOptions {
    const password = resolveSecret(sasl.password, `clusters.${name}.sasl.password`, this.options.env);
    return { mechanism: sasl.mechanism, username: sasl.username, password } as SASLOptions;
  }
}
