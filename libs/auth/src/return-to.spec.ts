import { isSafeReturnTo, safeReturnTo } from './return-to';

const FALLBACK = '/home';

describe('safeReturnTo', () => {
  it.each([
    '/',
    '/studies',
    '/studies/1.2.840.113619.2.55.3/series?tab=seg#viewer',
    '/search?q=a%20b&next=//not-a-redirect',
    '/admin/users/42/edit',
    '/files/a%2Fb',
    '/caf%C3%A9',
    '/@evil.com',
    '/x/.hidden/y',
    '/a..b/c',
    '/' + 'a'.repeat(2047),
  ])('accepts the same-origin path %j', (path) => {
    expect(safeReturnTo(path, FALLBACK)).toBe(path);
  });

  it.each<[string, unknown]>([
    ['protocol-relative URL', '//evil.com'],
    ['protocol-relative URL with path', '//evil.com/login'],
    ['triple slash', '///evil.com'],
    ['slash backslash', '/\\evil.com'],
    ['double backslash', '\\\\evil.com'],
    ['backslash later in the path', '/ok\\..\\evil'],
    ['absolute https URL', 'https://evil.com/'],
    ['scheme with one slash', 'http:/evil.com'],
    ['javascript: URL', 'javascript:alert(1)'],
    ['data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['bare host', 'evil.com'],
    ['relative path', 'studies/1'],
    ['leading space', ' /studies'],
    ['tab that browsers strip', '/\t/evil.com'],
    ['newline (header splitting)', '/ok\r\nSet-Cookie: a=b'],
    ['NUL byte', '/ok\u0000'],
    ['encoded slashes that decode to //', '/%2F%2Fevil.com'],
    ['lower-case encoded slashes', '/%2f%2fevil.com'],
    ['encoded slash after the first', '/%2Fevil.com'],
    ['double-encoded slashes', '/%252F%252Fevil.com'],
    ['encoded backslash', '/%5Cevil.com'],
    ['encoded tab', '/%09/evil.com'],
    ['encoded dot segments (WHATWG treats %2e as .)', '/%2e%2e//evil.com'],
    ['dot-dot segment', '/..//evil.com'],
    ['dot segment', '/./studies'],
    ['trailing dot-dot', '/studies/..'],
    ['malformed percent-encoding', '/%E0%A4%A'],
    ['non-ASCII look-alike slash', '/\uFF0Fevil.com'],
    ['Unicode line separator', '/ok\u2028'],
    ['over 2048 characters', '/' + 'a'.repeat(2048)],
    ['quadruple-encoded slashes', '/%25252525252F%25252525252Fevil.com'],
    ['empty string', ''],
    ['undefined', undefined],
    ['null', null],
    ['number', 42],
    ['array from a repeated query parameter', ['/studies', '//evil.com']],
  ])('refuses %s', (_what, input) => {
    expect(safeReturnTo(input, FALLBACK)).toBe(FALLBACK);
    expect(isSafeReturnTo(input)).toBe(false);
  });

  it('falls back to / by default', () => {
    expect(safeReturnTo('//evil.com')).toBe('/');
  });

  it('accepts nothing a browser would resolve to another origin, over many generated variants', () => {
    const parts = ['/', '//', '\\', '%2F', '%5C', '%2e', '.', 'evil.com', '@', ':', '\t', '%09', '?', '#'];
    const base = 'https://app.example';
    let acceptedCount = 0;
    for (const a of parts) {
      for (const b of parts) {
        for (const c of parts) {
          const candidate = `/${a}${b}${c}`;
          const accepted = safeReturnTo(candidate, FALLBACK);
          if (accepted === candidate) acceptedCount++;
          expect(new URL(accepted, base).origin).toBe(base);
          expect(new URL(accepted, base).pathname.startsWith('//')).toBe(false);
        }
      }
    }
    expect(acceptedCount).toBeGreaterThan(100);
  });
});
