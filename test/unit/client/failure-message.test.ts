import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { failureMessage } from '../../../client/output/failure-message';

describe('failureMessage', () => {
  test("an activity's failure keeps the context it added (the partition), not just its cause's message", () => {
    const root = ApplicationFailure.create({ message: 'Not authorized to access topics: [orders]', type: 'TOPIC_AUTHORIZATION_FAILED' });
    const activity = ApplicationFailure.create({ message: 'orders-3 → orders-3: Not authorized to access topics: [orders]', type: 'TOPIC_AUTHORIZATION_FAILED', cause: root });
    const err = new WorkflowFailedError('Workflow execution failed', new ActivityFailure('activity failed', 'restorePartition', '3', RetryState.NON_RETRYABLE_FAILURE, 'worker', activity), RetryState.NON_RETRYABLE_FAILURE);
    expect(failureMessage(err)).toBe('orders-3 → orders-3: Not authorized to access topics: [orders]');
  });

  test("a failure the workflow raised itself is its own message; other errors are theirs", () => {
    const err = new WorkflowFailedError('Workflow execution failed', ApplicationFailure.nonRetryable('preflight failed: kafka destination unreachable'), RetryState.NON_RETRYABLE_FAILURE);
    expect(failureMessage(err)).toBe('preflight failed: kafka destination unreachable');
    expect(failureMessage(new Error('plain'))).toBe('plain');
  });
});
