import { ConfigurationError } from '../../../domain/errors';
import { parseSeparatorSetting } from '../../../formats';

describe('parseSeparatorSetting: format.bytearray.separator as written in a properties file or CLI flag', () => {
  test.each([
    ['missing → the sink default "\\n"', undefined, '0a'],
    ['null → default', null, '0a'],
    ['\\n', '\\n', '0a'],
    ['\\r\\n', '\\r\\n', '0d0a'],
    ['\\t', '\\t', '09'],
    ['\\\\ (a literal backslash)', '\\\\', '5c'],
    ['\\0 and \\f \\b', '\\0\\f\\b', '000c08'],
    ['quotes', '\\"\\\'', '2227'],
    ['\\u0001', '\\u0001', '01'],
    ['\\u00e9 → UTF-8', '\\u00e9', 'c3a9'],
    ['surrogate pair \\ud83d\\ude00 → one UTF-8 emoji', '\\ud83d\\ude00', 'f09f9880'],
    ['plain multi-byte text', '||', '7c7c'],
    ['mixed', 'END\\n', '454e440a'],
    ['already-decoded characters pass through (JSON config)', '\r\n', '0d0a'],
    ['whitespace is significant', ' ', '20'],
  ])('%s', (_what, setting, hex) => {
    expect(parseSeparatorSetting(setting).toString('hex')).toBe(hex);
  });

  test.each([
    ['empty', '', /must not be empty/],
    ['lone trailing backslash', 'ab\\', /lone backslash/],
    ['unknown escape', '\\q', /unknown escape \\q/],
    ['short \\u', '\\u12', /4 hex digits/],
    ['non-hex \\u', '\\uzzzz', /4 hex digits/],
  ])('%s is a ConfigurationError naming the setting', (_what, setting, reason) => {
    expect(() => parseSeparatorSetting(setting)).toThrow(ConfigurationError);
    expect(() => parseSeparatorSetting(setting)).toThrow(/format\.bytearray\.separator/);
    expect(() => parseSeparatorSetting(setting)).toThrow(reason);
  });
});
