import type { Logger } from '@temporalio/worker';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from '../../../worker/logging';

function recordingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  const logger = { log: at('log'), trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger;
  return { logger, lines };
}

describe('kafkajs logs in the worker log', () => {
  test('errors kafkajs retries by itself (concurrent transactions, loading coordinator) are info, not errors', () => {
    const { logger, lines } = recordingLogger();
    const log = kafkaLogCreator(logger)(logLevel.INFO);
    log({
      namespace: 'Producer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '', message: 'Failed to send messages', error: 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing', retryCount: 0 },
    });
    log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: '', message: 'Response InitProducerId(key: 22, version: 1)', error: "The coordinator is loading and hence can't process requests" } });
    // The producer puts the broker's answer in the message itself.
    log({
      namespace: 'Producer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '', message: 'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing', retryCount: 0 },
    });
    expect(lines.map((l) => l.level)).toEqual(['info', 'info', 'info']);
  });

  test('other errors stay errors, namespaced', () => {
    const { logger, lines } = recordingLogger();
    kafkaLogCreator(logger)(logLevel.INFO)({ namespace: 'Producer', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: '', message: 'Failed to send messages', error: 'Topic authorization failed' } });
    expect(lines).toEqual([{ level: 'error', message: 'kafkajs Producer: Failed to send messages' }]);
  });
});
