import { DependencyError } from '../../domain/errors';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface RegisteredSchema {
  id: number;
  subject?: string;
  version?: number;
  schema?: string;
}

/**
 * A small client for the Confluent Schema Registry REST API (the subset Lifeboat uses). Errors carry the
 * registry's error_code; 5xx and network failures are retryable, 4xx are not.
 */
export class SchemaRegistryClient {
  private readonly ids = new Map<string, number>();
  private readonly authorization?: string;

  constructor(readonly url: string, auth?: { username: string; password: string }) {
    if (auth) this.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  subjects(): Promise<string[]> {
    return this.request('GET', '/subjects');
  }

  async compatibility(): Promise<string> {
    const config = await this.request<{ compatibilityLevel?: string; compatibility?: string }>('GET', '/config');
    return config.compatibilityLevel ?? config.compatibility ?? 'unknown';
  }

  /** Registers (or finds) an Avro schema under a subject and returns its global id; cached per process. */
  async register(subject: string, schema: string): Promise<number> {
    const key = `${subject}\u0000${schema}`;
    const cached = this.ids.get(key);
    if (cached !== undefined) return cached;
    const { id } = await this.request<RegisteredSchema>('POST', `/subjects/${encodeURIComponent(subject)}/versions`, {
      schemaType: 'AVRO',
      schema,
    });
    this.ids.set(key, id);
    return id;
  }

  schemaById(id: number): Promise<RegisteredSchema> {
    return this.request('GET', `/schemas/ids/${id}`);
  }

  deleteSubject(subject: string, permanent = false): Promise<number[]> {
    const path = `/subjects/${encodeURIComponent(subject)}`;
    return this.request<number[]>('DELETE', path).then((versions) =>
      permanent ? this.request<number[]>('DELETE', `${path}?permanent=true`) : versions,
    );
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const where = `schema registry ${this.url}`;
    let response: Response;
    try {
      response = await fetch(`${this.url.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          Accept: CONTENT_TYPE,
          ...(body ? { 'Content-Type': CONTENT_TYPE } : {}),
          ...(this.authorization ? { Authorization: this.authorization } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new DependencyError(where, `${method} ${path} failed: ${(err as Error).message}`, true, { cause: err });
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        const parsed = JSON.parse(text) as { error_code?: number; message?: string };
        detail = `error_code ${parsed.error_code}: ${parsed.message}`;
      } catch {
        // not JSON: keep the raw body
      }
      const retryable = response.status >= 500 || response.status === 429;
      throw new DependencyError(where, `${method} ${path} → HTTP ${response.status} (${detail})`, retryable);
    }
    return JSON.parse(text) as T;
  }
}
