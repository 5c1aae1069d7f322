/**
 * kafkajs logging for the benchmark's own producers: counted, not printed, so the figures stay readable.
 * Two messages are expected and only counted — the retry-limit warning every Lifeboat producer gets
 * (see worker/logging.ts), and CONCURRENT_TRANSACTIONS, which the broker answers while it is still
 * writing the previous transaction's markers (kafkajs retries after a backoff; that wait is a real cost
 * of committing often, so the count is printed). Anything else at ERROR is printed.
 */
import { logLevel, type logCreator } from 'kafkajs';

const EXPECTED = {
  retryLimit: 'Limiting retries for the idempotent producer',
  concurrentTransactions: 'another concurrent operation on the same transaction',
};

export class KafkaLogCounter {
  readonly counts = { concurrentTransactions: 0, errors: 0 };

  readonly logCreator: logCreator = () => ({ namespace, level, log }) => {
    const message = String(log.message ?? '');
    const error = String((log as { error?: unknown }).error ?? '');
    if (message.startsWith(EXPECTED.retryLimit)) return;
    if (error.includes(EXPECTED.concurrentTransactions) || message.includes(EXPECTED.concurrentTransactions)) {
      // Each rejected request is logged twice (Connection, then Producer before its retry): count the retry.
      if (namespace === 'Producer') this.counts.concurrentTransactions++;
      return;
    }
    if (level === logLevel.ERROR) {
      this.counts.errors++;
      console.error(`kafkajs: ${message}${error ? ` (${error})` : ''}`);
    }
  };

  take(): { concurrentTransactions: number; errors: number } {
    const taken = { ...this.counts };
    this.counts.concurrentTransactions = 0;
    this.counts.errors = 0;
    return taken;
  }
}
