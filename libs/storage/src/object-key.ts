import { StorageError } from './storage-error';

/**
 * Every key passes here before it touches a driver (the "storage driver that validates every path"
 * pattern): relative, `/`-separated, segments of [A-Za-z0-9._-] that do not start with a dot (so no
 * `.`/`..` traversal, and the fs adapter's `.tmp` files can never collide with a key).
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 1024;

export function assertValidKey(key: string): string {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_KEY_LENGTH ||
    !key.split('/').every((s) => SEGMENT.test(s))
  ) {
    throw new StorageError('storage/invalid-key', 'invalid object key');
  }
  return key;
}

/** A list prefix is a key, a key with a trailing `/`, or empty (everything). */
export function assertValidPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const body = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  assertValidKey(body);
  return prefix;
}
