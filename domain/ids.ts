/**
 * Workflow ids that say what a runbook does, so the Web UI's list reads like an operations log.
 * `at` is an ISO time the client chooses (ids are built outside workflows).
 */
export const preflightWorkflowId = (at: string): string => `lifeboat/preflight/${at}`;
