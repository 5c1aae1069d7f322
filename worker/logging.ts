import { DefaultLogger, type LogLevel, type Logger } from '@temporalio/worker';
import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';

/** One structured logger for the worker process: the SDK, Core and kafkajs all write through it. */
export function createLogger(level: LogLevel = (process.env.LIFEBOAT_LOG_LEVEL as LogLevel) ?? 'INFO'): Logger {
  return new DefaultLogger(level, ({ level, message, meta }) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...meta }, bigintSafe);
    (level === 'ERROR' || level === 'WARN' ? process.stderr : process.stdout).write(`${line}\n`);
  });
}

const KAFKA_LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/**
 * Warnings that do not apply to how Lifeboat uses kafkajs: restore producers keep kafkajs's in-process
 * retries short on purpose, because exactly-once comes from transactions and fencing (a failed attempt is
 * aborted and restarted from the committed position), not from endless retries in one process.
 */
const IGNORED_KAFKAJS_WARNINGS = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

/**
 * Broker answers that mean "not yet, ask again" and that kafkajs retries by itself: the transaction
 * coordinator still writing the previous commit's markers, a coordinator loading after a restart. kafkajs
 * logs each at ERROR; if the retries run out, the activity fails with the error, so here they are info.
 */
const TRANSIENT_KAFKAJS_ERRORS = [
  'another concurrent operation on the same transaction was ongoing', // CONCURRENT_TRANSACTIONS
  'The coordinator is loading', // COORDINATOR_LOAD_IN_PROGRESS
  'This is not the correct coordinator', // NOT_COORDINATOR
];

/** kafkajs → the worker logger, namespaced, so broker chatter is filterable like everything else. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...meta } = log;
      if (IGNORED_KAFKAJS_WARNINGS.some((ignored) => message.startsWith(ignored))) return;
      // The broker's answer is in `error` for connection logs, inside the message for the producer's.
      const said = `${message} ${typeof meta.error === 'string' ? meta.error : ''}`;
      const transient = level === KafkaLogLevel.ERROR && TRANSIENT_KAFKAJS_ERRORS.some((text) => said.includes(text));
      logger[transient ? 'info' : (KAFKA_LEVELS[level] ?? 'info')](`kafkajs ${namespace}: ${message}`, meta);
    };
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
