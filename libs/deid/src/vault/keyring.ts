import { VaultError } from './errors';

export const KEY_BYTES = 32;

/** Master keys by id; `activeKeyId` wraps new records, the others only open old ones. */
export interface Keyring {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Parses 32 bytes of key material from text: "base64:…", "hex:…", or bare 64 hex digits / 44
 * base64 characters. Errors never echo the input.
 */
export function parseKey(text: string, label = 'key'): Buffer {
  const t = text.trim();
  let bytes: Buffer;
  if (t.startsWith('hex:') || /^[0-9a-fA-F]{64}$/.test(t)) {
    const hex = t.replace(/^hex:/, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new VaultError('vault/invalid-key', `${label}: not valid hex`);
    bytes = Buffer.from(hex, 'hex');
  } else {
    const b64 = t.replace(/^base64:/, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64))
      throw new VaultError('vault/invalid-key', `${label}: not valid base64 or hex`);
    bytes = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64');
  }
  if (bytes.length !== KEY_BYTES) {
    throw new VaultError('vault/invalid-key', `${label}: must decode to ${KEY_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** Builds a keyring from id → key (Buffer or text for parseKey) and checks the active id exists. */
export function createKeyring(keys: Record<string, Buffer | string>, activeKeyId: string): Keyring {
  const map = new Map<string, Buffer>();
  for (const [id, k] of Object.entries(keys)) {
    if (!KEY_ID.test(id)) throw new VaultError('vault/invalid-key', `key id "${id}" must match ${KEY_ID}`);
    const key = typeof k === 'string' ? parseKey(k, `key ${id}`) : k;
    if (key.length !== KEY_BYTES) throw new VaultError('vault/invalid-key', `key ${id}: must be ${KEY_BYTES} bytes`);
    map.set(id, Buffer.from(key));
  }
  if (!map.has(activeKeyId))
    throw new VaultError('vault/unknown-key', `active key id "${activeKeyId}" is not in the keyring`);
  return Object.freeze({ activeKeyId, keys: map });
}

export function keyById(keyring: Keyring, id: string): Buffer {
  const key = keyring.keys.get(id);
  if (!key) throw new VaultError('vault/unknown-key', `no master key with id "${id}"`);
  return key;
}
