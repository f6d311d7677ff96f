import { StorageError, assertValidKey, assertValidPrefix } from './index';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as StorageError).code;
  }
  return undefined;
}

describe('object keys', () => {
  it.each(['a', 'studies/2.25.1/series/2.25.2/1.dcm', 'a-b_c.d/e'])('accepts %s', (key) => {
    expect(assertValidKey(key)).toBe(key);
  });

  it.each([
    '',
    '/abs',
    '../x',
    'a/../b',
    'a/./b',
    'a//b',
    'a/',
    '.hidden',
    'a/.tmp',
    'sp ace',
    'a\\b',
    'é',
    'a\0b',
    'x'.repeat(1025),
  ])('rejects %j as storage/invalid-key', (key) => {
    expect(code(() => assertValidKey(key))).toBe('storage/invalid-key');
  });

  it('accepts list prefixes with a trailing slash or empty', () => {
    expect(assertValidPrefix('')).toBe('');
    expect(assertValidPrefix('studies/')).toBe('studies/');
    expect(code(() => assertValidPrefix('../'))).toBe('storage/invalid-key');
  });
});
