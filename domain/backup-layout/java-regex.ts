/**
 * Java regex and replacement semantics on top of JS RegExp, for RegexRouter renames and sink
 * `topics.regex`. The common syntax is shared; we translate the two Java-only forms users write in
 * topic patterns (a leading `(?i)` and `\Q…\E` quoting) and compile with the `u` flag, so anything
 * else Java-specific (possessive quantifiers, unknown escapes) is a syntax error instead of silently
 * meaning something different.
 */
import { ConfigurationError } from '../errors';

export interface JavaRegex {
  source: string;
  /** Anchored: Matcher.matches() (the whole input). */
  full: RegExp;
  /** Unanchored: Matcher.find() from the start. */
  find: RegExp;
  groupCount: number;
  groupNames: string[];
}

const escapeLiteral = (s: string): string =>
  s.replace(/[.*+?^${}()|[\]\\/-]/g, (c) => (c === '-' || c === '/' ? `\\x${c.charCodeAt(0).toString(16)}` : `\\${c}`));

export function compileJavaRegex(source: string, setting: string): JavaRegex {
  let body = source;
  let flags = 'u';
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags += 'i';
  }
  body = body.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, lit: string) => escapeLiteral(lit));
  try {
    const probe = new RegExp(`${body}|`, flags).exec('')!;
    return {
      source,
      full: new RegExp(`^(?:${body})$`, flags),
      find: new RegExp(body, flags),
      groupCount: probe.length - 1,
      groupNames: Object.keys(probe.groups ?? {}),
    };
  } catch (e) {
    throw new ConfigurationError(setting, `"${source}" is not a supported regular expression: ${(e as Error).message}`);
  }
}

type ReplacementPart = { literal: string } | { group: number } | { name: string };

/** Parses a Java Matcher replacement: `$n` (greedy while the group exists), `${name}`, `\x` escapes. */
export function parseJavaReplacement(replacement: string, regex: JavaRegex, setting: string): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let literal = '';
  const fail = (why: string): never => {
    throw new ConfigurationError(setting, `replacement "${replacement}": ${why}`);
  };
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      if (++i >= replacement.length) fail('character to be escaped is missing');
      literal += replacement[i];
    } else if (c === '$') {
      if (++i >= replacement.length) fail('illegal group reference: group index is missing');
      if (literal) parts.push({ literal });
      literal = '';
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        if (end < 0) fail("named capturing group is missing trailing '}'");
        const name = replacement.slice(i + 1, end);
        if (!regex.groupNames.includes(name)) fail(`no group with name {${name}}`);
        parts.push({ name });
        i = end;
      } else {
        const d = replacement.charCodeAt(i) - 48;
        if (d < 0 || d > 9) fail('illegal group reference');
        if (d > regex.groupCount) fail(`no group ${d}`);
        let ref = d;
        // Java keeps reading digits while the longer number is still an existing group.
        while (i + 1 < replacement.length) {
          const nd = replacement.charCodeAt(i + 1) - 48;
          if (nd < 0 || nd > 9 || ref * 10 + nd > regex.groupCount) break;
          ref = ref * 10 + nd;
          i++;
        }
        parts.push({ group: ref });
      }
    } else literal += c;
  }
  if (literal) parts.push({ literal });
  return parts;
}

/** Java replaceFirst: replace the first find() match; unmatched groups contribute nothing. */
export function javaReplaceFirst(input: string, regex: JavaRegex, parts: readonly ReplacementPart[]): string {
  const m = regex.find.exec(input);
  if (!m) return input;
  let out = '';
  for (const p of parts) {
    if ('literal' in p) out += p.literal;
    else if ('group' in p) out += m[p.group] ?? '';
    else out += m.groups?.[p.name] ?? '';
  }
  return input.slice(0, m.index) + out + input.slice(m.index + m[0].length);
}
