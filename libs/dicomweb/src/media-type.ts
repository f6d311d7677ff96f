/**
 * Media-type syntax shared by Content-Type and Accept (RFC 9110 §8.3.1, §5.6.6): a type/subtype,
 * then `;`-separated parameters whose values are tokens or quoted strings. Parameter names are
 * case-insensitive and are lower-cased here; values keep their case.
 */
export interface MediaType {
  /** Lower-cased `type/subtype`. */
  mediaType: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Splits on `sep` outside double quotes (quoted strings may contain `,` and `;`). */
export function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === sep) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Parses one media type; undefined when it is not syntactically valid. */
export function parseMediaType(text: string): MediaType | undefined {
  const [head, ...rest] = splitOutsideQuotes(text, ';');
  const mediaType = head.trim().toLowerCase();
  const slash = mediaType.indexOf('/');
  if (slash <= 0 || !TOKEN.test(mediaType.slice(0, slash)) || !TOKEN.test(mediaType.slice(slash + 1))) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const raw of rest) {
    if (raw.trim() === '') continue;
    const eq = raw.indexOf('=');
    if (eq <= 0) return undefined;
    const name = raw.slice(0, eq).trim().toLowerCase();
    const value = unquote(raw.slice(eq + 1).trim());
    if (!TOKEN.test(name) || value === undefined) return undefined;
    params[name] = value;
  }
  return { mediaType, params };
}

function unquote(value: string): string | undefined {
  // Unquoted values are tokens by the RFC; accept any visible run so that real clients sending
  // e.g. an unquoted boundary containing '/' or ':' still parse.
  if (!value.startsWith('"')) return /^[^\s";,]+$/.test(value) ? value : undefined;
  if (value.length < 2 || !value.endsWith('"')) return undefined;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}
