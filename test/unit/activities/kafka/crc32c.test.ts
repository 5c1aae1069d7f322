import { randomBytes } from 'node:crypto';
import { crc32c, crc32cImplementation, crc32cSoftware } from '../../../../activities/kafka/crc32c';

// kafkajs's byte-at-a-time CRC-32C, the one its record batches have always carried.
const kafkajsCrc32c: (buffer: Buffer) => number = require('kafkajs/src/protocol/recordBatch/crc32C');

describe.each([
  ['crc32c (native where built)', crc32c],
  ['crc32cSoftware (the fallback)', crc32cSoftware],
])('%s', (_name, crc32c) => {
  it('gives the check values of CRC-32C (RFC 3720, iSCSI)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with kafkajs for every length around the 8-byte steps', () => {
    const data = randomBytes(4_200);
    for (let length = 0; length <= 40; length++) expect(crc32c(data.subarray(0, length))).toBe(kafkajsCrc32c(data.subarray(0, length)));
    expect(crc32c(data)).toBe(kafkajsCrc32c(data));
  });

  it('checksums a range of a buffer as if it were a buffer of its own', () => {
    const data = randomBytes(1_000);
    for (const [start, end] of [[0, 1_000], [3, 997], [21, 22], [500, 500], [7, 1_000]]) {
      expect(crc32c(data, start, end)).toBe(kafkajsCrc32c(data.subarray(start, end)));
    }
  });
});

describe('crc32c implementation', () => {
  it('is the native one on linux x64, where @node-rs/crc32 ships a prebuilt binary (CI, the Docker image)', () => {
    if (process.platform === 'linux' && process.arch === 'x64') expect(crc32cImplementation).toBe('native');
    else expect(['native', 'software']).toContain(crc32cImplementation);
  });

  it('gives the same checksum natively and in software for large random ranges', () => {
    const data = randomBytes(1 << 20);
    for (const [start, end] of [[0, 1 << 20], [13, (1 << 20) - 5], [65_536, 65_537]]) {
      expect(crc32c(data, start, end)).toBe(crc32cSoftware(data, start, end));
    }
  });
});
