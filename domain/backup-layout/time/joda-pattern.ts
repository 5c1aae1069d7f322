/**
 * The subset of Joda-Time DateTimeFormat patterns that storage-sink path.format uses (§4.2):
 * year (`YYYY` year-of-era, `yyyy` year), month `MM`/`M`, day `dd`/`d`, hour `HH`/`H`, minute `mm`,
 * second `ss`, quoted literals (`'year'=`, `''` for a quote) and any non-letter as a literal.
 * Text fields (MMM, EEE, a), week-based and two-digit years are refused: they depend on locale or a
 * pivot year, and no sink layout we know uses them.
 */
import { ConfigurationError } from '../../errors';

export type JodaField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

export type JodaToken =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; field: JodaField; letter: string; minDigits: number; maxParseDigits: number };

export type LocalFields = Record<JodaField, number>;

const LETTER_FIELDS: Record<string, JodaField> = {
  Y: 'year',
  y: 'year',
  M: 'month',
  d: 'day',
  H: 'hour',
  m: 'minute',
  s: 'second',
};

/** Tokenises a Joda pattern; throws ConfigurationError(setting) for unsupported or malformed patterns. */
export function compileJodaPattern(pattern: string, setting = 'path.format'): JodaToken[] {
  const tokens: JodaToken[] = [];
  const pushLiteral = (text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        pushLiteral("'");
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
          } else break;
        } else text += pattern[j];
      }
      if (j >= pattern.length) throw new ConfigurationError(setting, `unterminated quote in "${pattern}"`);
      pushLiteral(text);
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const count = j - i;
      tokens.push(fieldToken(c, count, pattern, setting));
      i = j;
    } else {
      pushLiteral(c);
      i++;
    }
  }
  if (!tokens.some((t) => t.kind === 'field')) {
    throw new ConfigurationError(setting, `"${pattern}" has no date fields; quote literal text, e.g. 'year'=YYYY`);
  }
  return tokens;
}

function fieldToken(letter: string, count: number, pattern: string, setting: string): JodaToken {
  const field = LETTER_FIELDS[letter];
  const unsupported = (why: string): ConfigurationError =>
    new ConfigurationError(
      setting,
      `pattern "${letter.repeat(count)}" in "${pattern}" is not supported (${why}); use YYYY, MM, dd, HH, mm, ss`,
    );
  if (!field) throw unsupported('only numeric year, month, day, hour, minute and second fields are supported');
  if (field === 'year' && count === 2) throw unsupported('two-digit years depend on a pivot year');
  if (field === 'month' && count > 2) throw unsupported('month names depend on the locale');
  if (field !== 'year' && count > 2) throw unsupported('more than two digits');
  // Joda parses up to 9 digits for years and 2 for the other fields.
  return { kind: 'field', field, letter, minDigits: count, maxParseDigits: field === 'year' ? 9 : 2 };
}

/** Renders local wall-clock fields with the pattern (numbers zero-padded to the letter count). */
export function renderJoda(tokens: readonly JodaToken[], fields: LocalFields): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'literal') out += t.text;
    else {
      const v = fields[t.field];
      const digits = String(Math.abs(v)).padStart(t.minDigits, '0');
      out += v < 0 ? `-${digits}` : digits;
    }
  }
  return out;
}

/**
 * Parses text against the pattern; undefined on mismatch. Lenient like Joda on digit counts (the
 * caller re-renders and compares to enforce the exact sink spelling). Missing fields default to the
 * epoch (1970-01-01T00:00:00). A numeric field directly followed by another takes exactly its letter
 * count, as Joda does for adjacent numeric fields (`YYYYMMdd`).
 */
export function parseJoda(tokens: readonly JodaToken[], text: string): LocalFields | undefined {
  const fields: LocalFields = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  let pos = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'literal') {
      if (!text.startsWith(t.text, pos)) return undefined;
      pos += t.text.length;
      continue;
    }
    const next = tokens[k + 1];
    const max = next?.kind === 'field' ? t.minDigits : t.maxParseDigits;
    let end = pos;
    while (end < text.length && end - pos < max && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    if (end === pos || (next?.kind === 'field' && end - pos !== t.minDigits)) return undefined;
    fields[t.field] = Number(text.slice(pos, end));
    pos = end;
  }
  return pos === text.length ? fields : undefined;
}

/** Local wall-clock fields of a "local millis" value (Joda's local instant, encoded as UTC millis). */
export function fieldsOfLocalMillis(localMs: number): LocalFields {
  const d = new Date(localMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
