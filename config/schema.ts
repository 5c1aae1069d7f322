import { z } from 'zod';
import { LOCAL_STACK } from '../stack/local-stack';

/**
 * Lifeboat's configuration. Defaults are the embedded local stack (stack/), so a fresh clone needs no file.
 * Secrets are referenced by name (an environment variable or a file), never held by value: the config
 * can be logged, and only the worker resolves references when it builds its clients.
 */
export const SecretRef = z.union([z.object({ env: z.string().min(1) }).strict(), z.object({ file: z.string().min(1) }).strict()], {
  errorMap: () => ({ message: 'must be a reference, {"env": "VAR"} or {"file": "/path"}, never the secret itself' }),
});
export type SecretRef = z.infer<typeof SecretRef>;

/**
 * TLS beyond the system's trust store: a private CA, a client certificate for mutual TLS, the name the
 * server's certificate carries. PEM, by reference like secrets (the key is one).
 */
export const TlsSettings = z
  .object({
    ca: SecretRef.optional(),
    cert: SecretRef.optional(),
    key: SecretRef.optional(),
    serverName: z.string().min(1).optional(),
  })
  .strict()
  .refine((tls) => (tls.cert === undefined) === (tls.key === undefined), { message: 'cert and key go together (mutual TLS)' });
export type TlsSettings = z.infer<typeof TlsSettings>;

/** `true`/`false`, or TLS settings; a union's own message would only say "Invalid input". */
const TlsSwitch = z.union([z.boolean(), TlsSettings], {
  errorMap: (issue, ctx) => ({
    message:
      issue.code === 'invalid_union'
        ? 'must be true, false, or {"ca", "cert", "key": PEM by reference ({"env": "VAR"} or {"file": "/path"}, never inline), "serverName"}'
        : ctx.defaultError,
  }),
});

export const KafkaClusterConfig = z
  .object({
    bootstrapServers: z.array(z.string().min(1)).min(1),
    /** true: TLS with the system's trust store; an object: TLS with a private CA and/or a client certificate. */
    ssl: TlsSwitch.default(false),
    sasl: z
      .object({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
        username: z.string().min(1),
        password: SecretRef,
      })
      .strict()
      .optional(),
  })
  .strict();
export type KafkaClusterConfig = z.infer<typeof KafkaClusterConfig>;

/** The local stack's two clusters: the default when neither a config file nor the environment names any. */
export const DEFAULT_CLUSTERS = {
  source: { bootstrapServers: [LOCAL_STACK.sourceBootstrap], ssl: false },
  destination: { bootstrapServers: [LOCAL_STACK.destinationBootstrap], ssl: false },
};

export const LifeboatConfig = z
  .object({
    temporal: z
      .object({
        address: z.string().default(LOCAL_STACK.temporalAddress),
        namespace: z.string().default(LOCAL_STACK.temporalNamespace),
        taskQueue: z.string().default('lifeboat'),
        webUiUrl: z.string().url().default(LOCAL_STACK.temporalUi),
        /** true: TLS (Temporal Cloud with an API key); an object: a private CA and/or mTLS client certificate. */
        tls: TlsSwitch.default(false),
        apiKey: SecretRef.optional(),
      })
      .strict()
      .default({}),
    worker: z
      .object({
        /**
         * Activities one worker runs at once: mostly partition streams, each with a send in flight and one read
         * ahead. A restore runs tasks.max partitions at once over every worker polling its queue, and a worker takes
         * up to this many of them: lower it to bound a worker's memory and spread a restore over more workers.
         */
        maxConcurrentActivities: z.number().int().positive().default(16),
      })
      .strict()
      .default({}),
    clusters: z
      .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'cluster names are letters, digits, - and _'), KafkaClusterConfig)
      .default(DEFAULT_CLUSTERS),
    gcs: z
      .object({
        /**
         * Where GCS is reached: null means real GCS (https://storage.googleapis.com), a URL an emulator or a
         * private endpoint (Private Service Connect). Unset: real GCS when `credentials` are given (a key is
         * for real GCS), else the local stack's emulator.
         */
        apiEndpoint: z.string().url().nullable().optional(),
        projectId: z.string().optional().default(LOCAL_STACK.gcsProjectId),
        /** The service-account key JSON itself, by reference; unset means Application Default Credentials (or none for the emulator). */
        credentials: SecretRef.optional(),
        /**
         * Send credentials (the key, else Application Default Credentials) to `apiEndpoint` too. Default: yes
         * when `credentials` are set or the endpoint is real GCS; no for other endpoints (emulators take none).
         */
        authenticate: z.boolean().optional(),
        /** Buckets preflight checks and drills use when a command names none. */
        buckets: z.array(z.string().min(1)).default([LOCAL_STACK.gcsBucket]),
      })
      .strict()
      .transform((gcs) => ({ ...gcs, apiEndpoint: gcs.apiEndpoint === undefined ? (gcs.credentials ? null : LOCAL_STACK.gcsEndpoint) : gcs.apiEndpoint }))
      .default({}),
    schemaRegistry: z
      .object({
        url: z
          .string()
          .url()
          // The URL is shown in reports and errors: credentials belong in basicAuth, by reference.
          .refine((url) => !/^[a-z]+:\/\/[^/]*@/i.test(url), 'must not contain credentials; use basicAuth with a secret reference'),
        basicAuth: z.object({ username: z.string().min(1), password: SecretRef }).strict().optional(),
      })
      .strict()
      .nullable()
      .default({ url: LOCAL_STACK.schemaRegistryUrl }),
  })
  .strict();
export type LifeboatConfig = z.infer<typeof LifeboatConfig>;
export type LifeboatConfigInput = z.input<typeof LifeboatConfig>;
