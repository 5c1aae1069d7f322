import { parseJavaProperties } from '../../../domain/restore-settings';

describe('parseJavaProperties (java.util.Properties.load)', () => {
  test('reads =, : and whitespace separators, comments and blank lines', () => {
    const text = ['# comment', '! also a comment', '', '  gcs.bucket.name = b', 'topics.dir backups', 'format.class:avro', 'locale\t\ten', 'empty=', 'bare'].join('\n');
    expect(parseJavaProperties(text, 'f')).toEqual({ 'gcs.bucket.name': 'b', 'topics.dir': 'backups', 'format.class': 'avro', locale: 'en', empty: '', bare: '' });
  });

  test('joins continuation lines and keeps an escaped trailing backslash', () => {
    const text = 'path.format=\'year\'=YYYY/\\\n    \'month\'=MM\nformat.bytearray.separator=\\\\\nnext=1\r\n';
    expect(parseJavaProperties(text, 'f')).toEqual({ 'path.format': "'year'=YYYY/'month'=MM", 'format.bytearray.separator': '\\', next: '1' });
  });

  test('unescapes keys and values: \\=, \\:, \\t, \\n, \\uXXXX', () => {
    const text = 'a\\=b\\:c=1\\t2\nformat.bytearray.separator=\\n\nlocale=\\u0065n\n';
    expect(parseJavaProperties(text, 'f')).toEqual({ 'a=b:c': '1\t2', 'format.bytearray.separator': '\n', locale: 'en' });
  });

  test('a malformed \\u escape names the source and line', () => {
    expect(() => parseJavaProperties('a=1\nb=\\u12x4\n', 'restore.properties')).toThrow('restore.properties: line 2: malformed \\uXXXX escape');
  });
});
