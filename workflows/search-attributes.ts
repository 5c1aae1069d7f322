import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Lifeboat's custom search attributes: registered by the local stack at Temporal start (stack/),
 * set by the client when it starts a runbook, filtered on in the Web UI
 * (e.g. `LifeboatRunbook = "restore" AND LifeboatTarget = "orders"`).
 */
export const RunbookKind = defineSearchAttributeKey('LifeboatRunbook', SearchAttributeType.KEYWORD);
/** The cluster, link or backup a runbook acts on. */
export const RunbookTarget = defineSearchAttributeKey('LifeboatTarget', SearchAttributeType.KEYWORD);
