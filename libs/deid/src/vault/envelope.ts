import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VaultError } from './errors';
import { Keyring, keyById, KEY_BYTES } from './keyring';

/**
 * One encrypted vault row. Envelope encryption: a fresh 256-bit data key encrypts the JSON with
 * AES-256-GCM (96-bit random IV, 128-bit tag, NIST SP 800-38D); the data key is itself sealed
 * with AES-256-GCM under the master key `keyId`. All binary fields are base64 so the record is
 * plain JSON for a jsonb column.
 */
export interface SealedRecord {
  v: 1;
  keyId: string;
  /** iv(12) ‖ encrypted data key(32) ‖ tag(16), base64. */
  wrappedKey: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const RECORD_AAD = 'delineo-vault-v1/record|';
const WRAP_AAD = 'delineo-vault-v1/wrap|';

function seal(key: Buffer, plain: Buffer, aad: string): { iv: Buffer; ct: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return { iv, ct, tag: c.getAuthTag() };
}

function open(key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer, aad: string): Buffer {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new VaultError('vault/tampered', 'bad IV or tag length');
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ct), d.final()]);
  } catch {
    throw new VaultError('vault/tampered', 'record failed authentication');
  }
}

/** The wrap is bound to its key id, so relabelling a record with another key id fails. */
function wrap(keyring: Keyring, keyId: string, dataKey: Buffer): string {
  const w = seal(keyById(keyring, keyId), dataKey, WRAP_AAD + keyId);
  return Buffer.concat([w.iv, w.ct, w.tag]).toString('base64');
}

function unwrap(keyring: Keyring, sealed: SealedRecord): Buffer {
  const master = keyById(keyring, sealed.keyId);
  const raw = Buffer.from(sealed.wrappedKey, 'base64');
  if (raw.length !== IV_BYTES + KEY_BYTES + TAG_BYTES)
    throw new VaultError('vault/tampered', 'wrapped key has the wrong size');
  const iv = raw.subarray(0, IV_BYTES);
  const ct = raw.subarray(IV_BYTES, IV_BYTES + KEY_BYTES);
  return open(master, iv, ct, raw.subarray(IV_BYTES + KEY_BYTES), WRAP_AAD + sealed.keyId);
}

function check(sealed: SealedRecord): void {
  const ok =
    sealed &&
    sealed.v === 1 &&
    typeof sealed.keyId === 'string' &&
    ['wrappedKey', 'iv', 'tag', 'ciphertext'].every((k) => typeof sealed[k as keyof SealedRecord] === 'string');
  if (!ok) throw new VaultError('vault/malformed', 'not a v1 sealed record');
}

/**
 * Encrypts `plain` (any JSON value) for the row identified by `aad`, e.g. the pseudonymized
 * Study Instance UID: the AAD binds ciphertext to its row so it cannot be swapped between rows.
 */
export function sealRecord(plain: unknown, keyring: Keyring, aad: string): SealedRecord {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const body = seal(dataKey, Buffer.from(JSON.stringify(plain), 'utf8'), RECORD_AAD + aad);
    return {
      v: 1,
      keyId: keyring.activeKeyId,
      wrappedKey: wrap(keyring, keyring.activeKeyId, dataKey),
      iv: body.iv.toString('base64'),
      tag: body.tag.toString('base64'),
      ciphertext: body.ct.toString('base64'),
    };
  } finally {
    dataKey.fill(0);
  }
}

export function openRecord<T = unknown>(sealed: SealedRecord, keyring: Keyring, aad: string): T {
  check(sealed);
  const dataKey = unwrap(keyring, sealed);
  try {
    const plain = open(
      dataKey,
      Buffer.from(sealed.iv, 'base64'),
      Buffer.from(sealed.ciphertext, 'base64'),
      Buffer.from(sealed.tag, 'base64'),
      RECORD_AAD + aad,
    );
    return JSON.parse(plain.toString('utf8')) as T;
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Key rotation: re-wraps the data key under the keyring's active key. The ciphertext is untouched,
 * so rotating a table is one small write per row; afterwards the old master key can be retired.
 */
export function rewrapRecord(sealed: SealedRecord, keyring: Keyring): SealedRecord {
  check(sealed);
  if (sealed.keyId === keyring.activeKeyId) return sealed;
  const dataKey = unwrap(keyring, sealed);
  try {
    return { ...sealed, keyId: keyring.activeKeyId, wrappedKey: wrap(keyring, keyring.activeKeyId, dataKey) };
  } finally {
    dataKey.fill(0);
  }
}
