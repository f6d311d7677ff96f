/**
 * Where to send the browser after login (`?returnTo=`). An attacker controls this value, so only a
 * same-origin absolute path (RFC 3986 §4.2 path-absolute reference, `/x/y?z#f`) is accepted;
 * anything else is an open redirect (OWASP "Unvalidated Redirects and Forwards").
 */
const MAX_LENGTH = 2048;
/** RFC 6761 §6.4: `.invalid` never resolves, so a base on it cannot be confused with a real host. */
const BASE = 'http://delineo.invalid';
/** Visible ASCII only: no space, no controls (WHATWG URL strips tab and newline, turning `/\t/x` into `//x`). */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** C0 controls, DEL and backslash (built from code points: the lint rule forbids control characters in regex literals). */
const CONTROL_OR_BACKSLASH = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}\\\\]`,
);
/** A `.` or `..` path segment (RFC 3986 §5.2.4); nothing we link to has one. */
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;
/** Percent-decoding rounds tried before giving up on a value that keeps changing. */
const DECODE_ROUNDS = 4;

/**
 * Returns `input` when it is a safe same-origin path, `fallback` otherwise. Refused: non-strings,
 * empty or over 2048 characters, anything not starting with a single `/` (`//host` and `/\host` are
 * network-path references to another host in browsers), schemes, controls, spaces, non-ASCII
 * (callers percent-encode), backslashes, dot segments, and paths that percent-decode (repeatedly) to
 * any of those, since a framework or proxy may decode before it redirects. The fallback is trusted.
 */
export function safeReturnTo(input: unknown, fallback = '/'): string {
  return isSafeReturnTo(input) ? input : fallback;
}

export function isSafeReturnTo(input: unknown): input is string {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LENGTH) return false;
  if (!VISIBLE_ASCII.test(input) || input.includes('\\')) return false;
  if (!decodedPathIsLocal(input.split(/[?#]/, 1)[0])) return false;
  // Last, ask a WHATWG URL parser, which is what the browser will do with the Location header.
  const url = new URL(input, BASE);
  return url.origin === BASE && !url.pathname.startsWith('//');
}

function decodedPathIsLocal(raw: string): boolean {
  let path = raw;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    if (!path.startsWith('/') || path.startsWith('//') || CONTROL_OR_BACKSLASH.test(path) || DOT_SEGMENT.test(path)) {
      return false;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false; // malformed percent-encoding (RFC 3986 §2.1)
    }
    if (decoded === path) return true;
    path = decoded;
  }
  return false;
}
