/**
 * A Java `.properties` file read as `java.util.Properties.load` reads it, so a connector's properties file
 * means the same to Lifeboat as to Kafka Connect: `key=value`, `key: value` and `key value`; `#`/`!`
 * comments; a line ending in an odd number of backslashes continues on the next; `\t \n \r \f \uXXXX` and
 * `\x` → `x` escapes in keys and values. Latin-1 is not assumed: the text is already decoded (UTF-8).
 */
import { ConfigurationError } from '../errors';

export function parseJavaProperties(text: string, source: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const { line, number } of logicalLines(text)) {
    const { key, value } = splitKeyValue(line);
    props[unescape(key, source, number)] = unescape(value, source, number);
  }
  return props;
}

/** Comment and blank lines dropped; continuations joined (the next line's leading whitespace is skipped). */
function* logicalLines(text: string): Generator<{ line: string; number: number }> {
  const physical = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    const number = i + 1;
    let line = physical[i].replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsInOddBackslashes(line) && i + 1 < physical.length) {
      line = line.slice(0, -1) + physical[++i].replace(/^[ \t\f]+/, '');
    }
    if (endsInOddBackslashes(line)) line = line.slice(0, -1); // a continuation at the end of the file
    yield { line, number };
  }
}

function endsInOddBackslashes(line: string): boolean {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** The key ends at the first unescaped `=`, `:` or whitespace; whitespace and one `=`/`:` after it are separators. */
function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') i += 2;
    else if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    else i++;
  }
  const key = line.slice(0, Math.min(i, line.length));
  let j = i;
  while (j < line.length && /[ \t\f]/.test(line[j])) j++;
  if (j < line.length && (line[j] === '=' || line[j] === ':')) j++;
  while (j < line.length && /[ \t\f]/.test(line[j])) j++;
  return { key, value: line.slice(j) };
}

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(s: string, source: string, lineNumber: number): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i + 1 >= s.length) {
      out += s[i];
      continue;
    }
    const c = s[++i];
    if (c === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new ConfigurationError(source, `line ${lineNumber}: malformed \\uXXXX escape "\\u${hex}"`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += ESCAPES[c] ?? c;
    }
  }
  return out;
}
