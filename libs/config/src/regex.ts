/**
 * Routing patterns are written in the PCRE/RE2 habit of a leading `(?i)` for case-insensitivity,
 * which JavaScript does not support inline; translate it to the `i` flag.
 */
export function compilePattern(pattern: string): RegExp {
  const m = /^\(\?([a-z]+)\)/.exec(pattern);
  if (!m) return new RegExp(pattern);
  const unsupported = m[1].replace(/[ims]/g, '');
  if (unsupported) throw new SyntaxError(`unsupported inline flag(s) "${unsupported}"`);
  return new RegExp(pattern.slice(m[0].length), `${[...new Set(m[1])].join('')}`);
}

export function patternError(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (e) {
    return `invalid regular expression: ${(e as Error).message}`;
  }
}
