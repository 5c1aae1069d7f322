import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { ApiError } from '@google-cloud/storage';
import { KafkaJSError } from 'kafkajs';
import { LifeboatError } from '../domain/errors';

/**
 * The one place where retryability is decided: every activity's error passes through here once
 * (activities/index.ts wraps the factories). Lifeboat errors say whether they are transient;
 * kafkajs errors are judged by their root cause; anything unknown is retried (the policy bounds it).
 */
export function toApplicationFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const root = rootCause(err);
  const gcsStatus = storageStatus(root);
  if (gcsStatus !== undefined) {
    // 4xx from GCS (no such bucket or object, permission denied) will not change by retrying; 408/429/5xx may.
    const transient = gcsStatus === 408 || gcsStatus === 429 || gcsStatus >= 500;
    return ApplicationFailure.create({ type: `GcsHttp${gcsStatus}`, message: `GCS: ${(root as Error).message}`, nonRetryable: !transient, cause: asError(err) });
  }
  // The outermost message carries the context wrappers added (which partition, which object); the root
  // cause decides the type and whether a retry can help.
  const message = asError(err).message;
  if (root instanceof LifeboatError) {
    return ApplicationFailure.create({ type: root.name, message, nonRetryable: !root.retryable, cause: asError(err) });
  }
  if (root instanceof KafkaJSError) {
    // KafkaJSNumberOfRetriesExceeded is "non-retriable" only because kafkajs gave up in-process;
    // its cause decides whether Temporal should try again.
    const type = (root as KafkaJSError & { type?: string }).type ?? root.name;
    const retryable = root.retriable || TRANSIENT_DESPITE_KAFKAJS.has(root.name) || TRANSIENT_DESPITE_KAFKAJS.has(type);
    return ApplicationFailure.create({ type, message, nonRetryable: !retryable, cause: asError(err) });
  }
  const error = asError(err);
  return ApplicationFailure.create({ type: error.name || 'UnexpectedError', message: error.message, cause: error });
}

/**
 * kafkajs marks these non-retriable because its own in-process retries are over, but each is a passing
 * state of the cluster (a coordinator still loading after a broker restart, a slow request): Temporal's
 * retry policy, with its longer backoff, should try again.
 */
const TRANSIENT_DESPITE_KAFKAJS = new Set([
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  // A transaction that outlived the broker's timeout, or an attempt fenced by a newer one: the next attempt
  // re-registers the transactional id and resumes from the committed position.
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  // The broker lost track of this producer's sequence: a new attempt gets a new producer id and epoch.
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
]);

/** The HTTP status of a @google-cloud/storage ApiError, if that is what this is. */
function storageStatus(err: unknown): number | undefined {
  return err instanceof ApiError && typeof err.code === 'number' ? err.code : undefined;
}

/** Follows `cause` through wrappers (kafkajs retry exhaustion, our own wrapping) to the error that explains it. */
export function rootCause(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 10; depth++) {
    if (current instanceof LifeboatError) return current;
    const cause = (current as { cause?: unknown } | undefined)?.cause;
    if (!cause || cause === current) return current;
    current = cause;
  }
  return current;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Wraps every function of an activity object so thrown errors leave as ApplicationFailures. */
export function withFailureTranslation<T extends Record<string, (...args: any[]) => Promise<any>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        // Cancellation must reach the SDK as itself, so the activity is reported cancelled, not failed.
        if (err instanceof CancelledFailure) throw err;
        throw toApplicationFailure(err);
      }
    };
  }
  return wrapped as T;
}
