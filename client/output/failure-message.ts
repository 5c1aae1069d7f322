import { ApplicationFailure, WorkflowFailedError } from '@temporalio/client';

/**
 * What the operator needs to read of a failed runbook: the first application failure in the chain. An
 * activity's carries the context it added (which partition, which object) in front of the cause's own
 * message; the innermost cause alone would drop it.
 */
export function failureMessage(err: unknown): string {
  if (!(err instanceof WorkflowFailedError)) return (err as Error).message ?? String(err);
  const messages: string[] = [];
  for (let cause: Error | undefined = err.cause; cause; cause = (cause as { cause?: Error }).cause) {
    if (cause instanceof ApplicationFailure && cause.message) return cause.message;
    if (cause.message) messages.push(cause.message);
  }
  return messages.length ? messages[messages.length - 1] : err.message;
}
