import { ApiError } from '@google-cloud/storage';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { toApplicationFailure, withFailureTranslation } from '../../../activities/failures';
import { DependencyError, MalformedBackupObjectError } from '../../../domain/errors';

describe('toApplicationFailure', () => {
  test('a malformed backup object is not retried, and the failure names the object', () => {
    const failure = toApplicationFailure(new MalformedBackupObjectError('topics/orders/partition=0/orders+0+0000000000.avro', 7, 'bad sync marker'));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('MalformedBackupObjectError');
    expect(failure.message).toContain('orders+0+0000000000.avro');
  });

  test('kafkajs giving up in-process on a transient fault stays retryable for Temporal', () => {
    const transient = new KafkaJSConnectionError('Connection error: ECONNREFUSED');
    const exhausted = new KafkaJSNumberOfRetriesExceeded(transient, { retryCount: 3, retryTime: 5000 });
    expect(exhausted.retriable).toBe(false); // what kafkajs says…
    expect(toApplicationFailure(exhausted).nonRetryable).toBe(false); // …and what we decide from its cause
  });

  test('a non-retriable broker error is not retried', () => {
    const error = new KafkaJSProtocolError({ type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false, message: 'Not authorized to access topics' } as any);
    const failure = toApplicationFailure(error);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('TOPIC_AUTHORIZATION_FAILED');
  });

  test('a dependency error carries its own retryability', () => {
    expect(toApplicationFailure(new DependencyError('schema registry', 'HTTP 503', true)).nonRetryable).toBe(false);
    expect(toApplicationFailure(new DependencyError('schema registry', 'HTTP 422', false)).nonRetryable).toBe(true);
  });

  test.each([
    [404, true],
    [403, true],
    [429, false],
    [503, false],
  ])('GCS HTTP %i is nonRetryable=%s', (code, nonRetryable) => {
    const failure = toApplicationFailure(new ApiError({ code, message: `status ${code}` } as never));
    expect(failure).toMatchObject({ nonRetryable, type: `GcsHttp${code}` });
  });

  test('a fenced or timed-out transaction is retried: the next attempt resumes from the committed position', () => {
    const fenced = new KafkaJSProtocolError({ type: 'INVALID_PRODUCER_EPOCH', code: 47, retriable: false, message: 'epoch' } as any);
    expect(toApplicationFailure(fenced).nonRetryable).toBe(false);
    const outOfOrder = new KafkaJSProtocolError({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER', code: 45, retriable: false, message: 'seq' } as any);
    expect(toApplicationFailure(outOfOrder).nonRetryable).toBe(false);
  });

  test('cancellation passes through as itself', async () => {
    const activities = withFailureTranslation({
      async cancelled(): Promise<void> {
        throw new CancelledFailure('cancelled');
      },
    });
    await expect(activities.cancelled()).rejects.toBeInstanceOf(CancelledFailure);
  });

  test('wrapped activities throw ApplicationFailures only', async () => {
    const activities = withFailureTranslation({
      async broken(): Promise<void> {
        throw new MalformedBackupObjectError('o.avro', 0, 'truncated');
      },
    });
    await expect(activities.broken()).rejects.toBeInstanceOf(ApplicationFailure);
  });
});
