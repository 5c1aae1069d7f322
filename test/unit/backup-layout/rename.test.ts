import { ConfigurationError } from '../../../domain/errors';
import { parseRenameRule, planTopicRenames, renameTopic, topicsConsumedBySink } from '../../../domain/backup-layout';

describe('topic renames (RegexRouter semantics)', () => {
  test.each([
    // [regex, replacement, topic, expected]
    ['(.*)', 'restored-$1', 'orders', 'restored-orders'],
    ['.*', 'copy_of_$0', 'orders', 'copy_of_orders'], // the connector docs' playground example
    ['orders\\.(\\w+)', 'archive.$1', 'orders.eu', 'archive.eu'],
    ['orders', 'x', 'orders.eu', 'orders.eu'], // matches() needs the WHOLE name: no partial rename
    ['payments', 'x', 'orders', 'orders'], // no match → unchanged
    ['(?<env>prod|dev)-(.*)', '${env}.$2', 'prod-orders', 'prod.orders'],
    ['(o)(r)(d)(e)(r)(s)(-)(x)(y)(z)', '$10', 'orders-xyz', 'z'], // $10 is group 10 when it exists
    ['(orders)', '$12', 'orders', 'orders2'], // … and group 1 then "2" when it does not
    ['(a)?(orders)', '$1$2', 'orders', 'orders'], // an unmatched group contributes nothing
    ['a|ab', 'x', 'ab', 'xb'], // Java quirk: matches() on "ab", but replaceFirst's find() replaces "a"
    ['(?i)ORDERS', 'o2', 'orders', 'o2'],
    ['\\Qorders.v1\\E', 'orders-v1', 'orders.v1', 'orders-v1'],
    ['\\Qorders.v1\\E', 'orders-v1', 'ordersXv1', 'ordersXv1'], // quoted "." is literal
    ['(.*)', 'r\\-$1', 'orders', 'r-orders'], // backslash escapes the next replacement character
  ])('%s = %s: %s → %s', (regex, replacement, topic, expected) => {
    expect(renameTopic(topic, { regex, replacement })).toBe(expected);
  });

  it('applies several rules in sequence, like chained transforms', () => {
    expect(
      renameTopic('orders', [
        { regex: '(.*)', replacement: '$1-restored' },
        { regex: '(.*)-restored', replacement: 'dr.$1' },
      ]),
    ).toBe('dr.orders');
    expect(renameTopic('orders', undefined)).toBe('orders');
  });

  it('parses the CLI form on the last "=", so regexes may contain "="', () => {
    expect(parseRenameRule('(.*)=restored-$1')).toEqual({ regex: '(.*)', replacement: 'restored-$1' });
    expect(parseRenameRule('k=(v.*)=$1')).toEqual({ regex: 'k=(v.*)', replacement: '$1' });
    expect(parseRenameRule('orders(?=-eu)-eu=orders.eu')).toEqual({
      regex: 'orders(?=-eu)-eu',
      replacement: 'orders.eu',
    });
  });

  test.each([
    ['no "="', 'orders'],
    ['empty regex', '=x'],
    ['missing group', '(.*)=$2'],
    ['unknown named group', '(.*)=${nope}'],
    ['dangling $', '(.*)=x$'],
    ['unbalanced regex', '(orders=x'],
    ['possessive quantifier (Java only)', 'a*+=x'],
  ])('refuses %s with a ConfigurationError naming rename', (_, cli) => {
    expect(() => parseRenameRule(cli)).toThrow(ConfigurationError);
    expect(() => parseRenameRule(cli)).toThrow(expect.objectContaining({ setting: 'rename' }));
  });

  it('refuses renames that produce illegal topic names', () => {
    expect(() => renameTopic('orders', { regex: '(.*)', replacement: '$1/x' })).toThrow(/not a legal topic name/);
    expect(() => renameTopic('orders', { regex: '(.*)', replacement: '\\$1' })).toThrow(/"\$1"/);
  });

  it('refuses two source topics restored into one destination', () => {
    expect(planTopicRenames(['a.orders', 'b.orders'], { regex: '(a|b)\\.(.*)', replacement: '$1-$2' })).toEqual([
      { source: 'a.orders', destination: 'a-orders' },
      { source: 'b.orders', destination: 'b-orders' },
    ]);
    expect(() => planTopicRenames(['a.orders', 'b.orders'], { regex: '.*\\.(.*)', replacement: '$1' })).toThrow(
      /both be restored into "orders"/,
    );
  });

  it('finds destinations the sink consumes (topics list or full-match topics.regex)', () => {
    expect(
      topicsConsumedBySink(['orders', 'orders-restored', 'payments', 'orders.eu'], {
        topics: ['payments'],
        regex: 'orders(\\..*)?',
      }),
    ).toEqual(['orders', 'payments', 'orders.eu']);
    expect(topicsConsumedBySink(['copy_of_orders'], { topics: ['orders'] })).toEqual([]);
    expect(topicsConsumedBySink(['Orders', 'orders-eu'], { topics: [], regex: '(?i)orders' })).toEqual(['Orders']); // Java's inline flag
  });
});
