/**
 * Turns the connector's `format.bytearray.separator` setting, as written in a properties file, a CLI
 * flag or YAML (backslash escapes still in it), into the separator bytes. A string that already holds
 * the real characters (e.g. read from the connector's JSON, where "\n" was decoded by the JSON parser)
 * passes through unchanged unless it contains a backslash.
 */
import { ConfigurationError } from '../domain/errors';

const SETTING = 'format.bytearray.separator';
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  f: '\f',
  b: '\b',
  '0': '\0',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/**
 * Escapes: \n \r \t \f \b \0 \\ \" \' and \uXXXX (UTF-16 code units, so surrogate pairs work).
 * An unknown escape or a trailing lone backslash is an error rather than a guess. The result is UTF-8,
 * as the sink's String.getBytes() gives on a UTF-8 JVM. Missing setting → the sink's default "\n".
 */
export function parseSeparatorSetting(setting?: string | null): Buffer {
  if (setting === undefined || setting === null) return Buffer.from('\n');
  if (setting.length === 0) throw new ConfigurationError(SETTING, 'must not be empty (records could not be split)');
  let out = '';
  for (let i = 0; i < setting.length; i++) {
    const ch = setting[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = setting[i + 1];
    if (next === undefined) throw new ConfigurationError(SETTING, `ends with a lone backslash: ${JSON.stringify(setting)}`);
    if (next === 'u') {
      const hex = setting.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new ConfigurationError(SETTING, `\\u must be followed by 4 hex digits in ${JSON.stringify(setting)}`);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple === undefined) {
      throw new ConfigurationError(SETTING, `unknown escape \\${next} in ${JSON.stringify(setting)}`);
    }
    out += simple;
    i += 1;
  }
  return Buffer.from(out, 'utf8');
}
