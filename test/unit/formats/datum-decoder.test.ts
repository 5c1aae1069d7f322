import { AvroDatumError, decodeAvroDatum } from '../../../formats';
import { encodeAvroObject, zigzag } from '../../../dev/sink-simulator/encoders';
import { avroString } from './helpers';

describe('decodeAvroDatum', () => {
  test.each([
    ['"string" as JSON text', '"string"', avroString('hé'), 'hé'],
    ['bare type name', 'string', avroString('x'), 'x'],
    ['long beyond 2^53 as bigint', '"long"', Buffer.from('feffffffffffffffff01', 'hex'), 9223372036854775807n],
    ['small long is still a bigint', '"long"', zigzag(-3), -3n],
    ['int', '"int"', zigzag(-2147483648), -2147483648],
    ['boolean', '"boolean"', Buffer.from([1]), true],
    ['double', '"double"', Buffer.from('000000000000f83f', 'hex'), 1.5],
    ['null branch of a union', '["null","string"]', zigzag(0), null],
    ['string branch of a union', '["null","string"]', Buffer.concat([zigzag(1), avroString('v')]), 'v'],
    ['map with a __proto__ key is data', '{"type":"map","values":"int"}', Buffer.concat([zigzag(1), avroString('__proto__'), zigzag(7), zigzag(0)]), { ['__proto__']: 7 }],
    ['array in a negative-count block (with byte size)', '{"type":"array","items":"int"}', Buffer.concat([zigzag(-2), zigzag(2), zigzag(1), zigzag(2), zigzag(0)]), [1, 2]],
  ])('%s', (_what, schema, bytes, expected) => {
    const value = decodeAvroDatum(schema, bytes);
    expect(value).toEqual(expected);
    if (typeof expected === 'object' && expected !== null && !Array.isArray(expected)) {
      expect(Object.getPrototypeOf(value)).toBeNull();
      expect(Object.keys(value as object)).toEqual(Object.keys(expected));
    }
  });

  test('schema objects work too, and logical types decode as their underlying type', () => {
    const schema = { type: 'record', name: 'R', fields: [{ name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } }] };
    const file = encodeAvroObject(schema, [{ ts: 1700000000000 }]);
    const datum = file.subarray(file.length - 16 - 6, file.length - 16); // the only datum: 6-byte varint
    expect(decodeAvroDatum(schema, datum)).toEqual({ ts: 1700000000000n });
  });

  test.each([
    ['trailing bytes', '"int"', Buffer.from([2, 2]), /1 byte\(s\) left after the datum/],
    ['bad union index', '["null","int"]', zigzag(2), /union branch index 2/],
    ['truncated string', '"string"', Buffer.concat([zigzag(10), Buffer.from('abc')]), /past the end/],
    ['int too big', '"int"', zigzag(2 ** 31), /does not fit 32 bits/],
  ])('%s → AvroDatumError', (_what, schema, bytes, reason) => {
    expect(() => decodeAvroDatum(schema, bytes)).toThrow(AvroDatumError);
    expect(() => decodeAvroDatum(schema, bytes)).toThrow(reason);
  });
});
