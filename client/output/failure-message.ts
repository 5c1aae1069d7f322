import { WorkflowFailedError } from '@temporalio/client';

/** The innermost failure message of a failed runbook: what the operator needs to read. */
export function failureMessage(err: unknown): string {
  if (!(err instanceof WorkflowFailedError)) return (err as Error).message ?? String(err);
  let cause: Error | undefined = err.cause;
  const messages: string[] = [];
  while (cause) {
    if (cause.message) messages.push(cause.message);
    cause = (cause as { cause?: Error }).cause;
  }
  return messages.length ? messages[messages.length - 1] : err.message;
}
