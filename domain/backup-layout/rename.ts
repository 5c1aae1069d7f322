/**
 * Topic renames with Kafka Connect RegexRouter semantics, the SMT the connector docs recommend for
 * restoring into a different topic: if `regex` matches the WHOLE topic name (Matcher.matches()),
 * the name becomes `matcher.replaceFirst(replacement)`; otherwise it is unchanged. Note the Java
 * quirk kept on purpose: replaceFirst re-runs find(), so with `a|ab` on "ab" only "a" is replaced.
 * Several rules apply in sequence, like a chain of RegexRouter transforms.
 */
import { ConfigurationError } from '../errors';
import { TOPIC_NAME } from './object-key';
import { compileJavaRegex, javaReplaceFirst, parseJavaReplacement, type JavaRegex } from './java-regex';

export interface TopicRenameRule {
  regex: string;
  replacement: string;
}

const SETTING = 'rename';

/**
 * Parses the CLI form `<regex>=<replacement>`, splitting on the LAST `=`. A regex may need `=`
 * (lookaheads, literal `=`), but the replacement produces a Kafka topic name, which cannot contain
 * `=`, so the last `=` is always the separator.
 */
export function parseRenameRule(cli: string): TopicRenameRule {
  const i = cli.lastIndexOf('=');
  if (i <= 0) throw new ConfigurationError(SETTING, `"${cli}" is not <regex>=<replacement>`);
  const rule = { regex: cli.slice(0, i), replacement: cli.slice(i + 1) };
  compileRenameRule(rule); // fail at parse time, not in the middle of a restore
  return rule;
}

interface CompiledRule {
  rule: TopicRenameRule;
  regex: JavaRegex;
  parts: ReturnType<typeof parseJavaReplacement>;
}

function compileRenameRule(rule: TopicRenameRule): CompiledRule {
  const regex = compileJavaRegex(rule.regex, SETTING);
  return { rule, regex, parts: parseJavaReplacement(rule.replacement, regex, SETTING) };
}

/** The destination name of `topic`; throws ConfigurationError if a rule produces an illegal topic name. */
export function renameTopic(topic: string, rules: TopicRenameRule | readonly TopicRenameRule[] | undefined): string {
  const list = rules === undefined ? [] : Array.isArray(rules) ? rules : [rules as TopicRenameRule];
  let name = topic;
  for (const c of list.map(compileRenameRule)) {
    if (!c.regex.full.test(name)) continue;
    const renamed = javaReplaceFirst(name, c.regex, c.parts);
    if (!TOPIC_NAME.test(renamed) || renamed === '.' || renamed === '..') {
      throw new ConfigurationError(
        SETTING,
        `renaming "${name}" with ${c.rule.regex}=${c.rule.replacement} gives "${renamed}", not a legal topic name`,
      );
    }
    name = renamed;
  }
  return name;
}

/** Source → destination for each topic; refuses two source topics landing in one destination. */
export function planTopicRenames(
  topics: readonly string[],
  rules: TopicRenameRule | readonly TopicRenameRule[] | undefined,
): Array<{ source: string; destination: string }> {
  const seen = new Map<string, string>();
  return topics.map((source) => {
    const destination = renameTopic(source, rules);
    const other = seen.get(destination);
    if (other !== undefined && other !== source) {
      throw new ConfigurationError(SETTING, `"${other}" and "${source}" would both be restored into "${destination}"`);
    }
    seen.set(destination, source);
    return { source, destination };
  });
}

/**
 * Destination topics the backup's sink consumes (its `topics` list or a full match of
 * `topics.regex`, as Kafka's pattern subscription does): restoring into them feeds the restore back
 * into the backup, the loop the connector docs warn about.
 */
export function topicsConsumedBySink(
  destinations: readonly string[],
  sink: { topics: readonly string[]; regex?: string },
): string[] {
  const regex = sink.regex ? compileJavaRegex(sink.regex, 'topics.regex') : undefined;
  return destinations.filter((t) => sink.topics.includes(t) || (regex !== undefined && regex.full.test(t)));
}
