import { randomBytes } from 'node:crypto';
import { openRecord, rewrapRecord, SealedRecord, sealRecord } from './envelope';
import { createKeyring, parseKey } from './keyring';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ring1 = createKeyring({ k1 }, 'k1');
const ring12 = createKeyring({ k1, k2 }, 'k2');
const AAD = '2.25.123456789';
// Long, distinctive values: a short one such as 'Doe' turns up by chance in about one base64
// ciphertext in a thousand, which once failed CI for no fault of the code.
const plain = {
  patient: { PatientName: 'Doe^Jane^Plaintext-Marker', PatientID: 'MRN-PLAINTEXT-000001' },
  study: { StudyInstanceUID: '1.2.3' },
};

function flip(b64: string, at = 0): string {
  const b = Buffer.from(b64, 'base64');
  b[at] ^= 0x01;
  return b.toString('base64');
}

const code = (c: string) => expect.objectContaining({ code: c });

describe('vault envelope encryption', () => {
  it('round-trips a record and never stores the plaintext', () => {
    const sealed = sealRecord(plain, ring1, AAD);
    expect(sealed.keyId).toBe('k1');
    const json = JSON.stringify(sealed);
    for (const v of Object.values(plain.patient)) expect(json).not.toContain(v);
    expect(openRecord(sealed, ring1, AAD)).toEqual(plain);
  });

  it('uses a fresh data key and IV per record', () => {
    const a = sealRecord(plain, ring1, AAD);
    const b = sealRecord(plain, ring1, AAD);
    expect(a.iv).not.toBe(b.iv);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });

  it.each<[string, (s: SealedRecord) => SealedRecord]>([
    ['ciphertext', (s) => ({ ...s, ciphertext: flip(s.ciphertext) })],
    ['tag', (s) => ({ ...s, tag: flip(s.tag) })],
    ['iv', (s) => ({ ...s, iv: flip(s.iv) })],
    ['wrapped key body', (s) => ({ ...s, wrappedKey: flip(s.wrappedKey, 20) })],
    ['wrapped key tag', (s) => ({ ...s, wrappedKey: flip(s.wrappedKey, 50) })],
    [
      'truncated wrapped key',
      (s) => ({ ...s, wrappedKey: Buffer.from(s.wrappedKey, 'base64').subarray(0, 40).toString('base64') }),
    ],
  ])('fails with vault/tampered when the %s is altered', (_what, tamper) => {
    const sealed = sealRecord(plain, ring1, AAD);
    expect(() => openRecord(tamper(sealed), ring1, AAD)).toThrow(code('vault/tampered'));
  });

  it('fails with vault/tampered under another row id (AAD), so rows cannot be swapped', () => {
    const sealed = sealRecord(plain, ring1, AAD);
    expect(() => openRecord(sealed, ring1, '2.25.987654321')).toThrow(code('vault/tampered'));
  });

  it('fails with vault/tampered under a wrong key with the same id', () => {
    const sealed = sealRecord(plain, ring1, AAD);
    expect(() => openRecord(sealed, createKeyring({ k1: k2 }, 'k1'), AAD)).toThrow(code('vault/tampered'));
  });

  it('fails with vault/tampered when a record is relabelled with another key id', () => {
    const sealed = sealRecord(plain, createKeyring({ k1, k2: k1 }, 'k1'), AAD);
    expect(() => openRecord({ ...sealed, keyId: 'k2' }, createKeyring({ k1, k2: k1 }, 'k1'), AAD)).toThrow(
      code('vault/tampered'),
    );
  });

  it('fails with vault/unknown-key when the key id is not in the keyring', () => {
    const sealed = sealRecord(plain, ring12, AAD);
    expect(() => openRecord(sealed, ring1, AAD)).toThrow(code('vault/unknown-key'));
  });

  it('fails with vault/malformed on something that is not a sealed record', () => {
    expect(() => openRecord({ v: 2 } as unknown as SealedRecord, ring1, AAD)).toThrow(code('vault/malformed'));
  });

  it('re-wraps under the active key on rotation, leaving the ciphertext as is', () => {
    const old = sealRecord(plain, ring1, AAD);
    const rotated = rewrapRecord(old, ring12);
    expect(rotated.keyId).toBe('k2');
    expect(rotated.ciphertext).toBe(old.ciphertext);
    expect(openRecord(rotated, createKeyring({ k2 }, 'k2'), AAD)).toEqual(plain);
    expect(rewrapRecord(rotated, ring12)).toBe(rotated);
  });
});

describe('vault key material', () => {
  it('parses 32-byte keys from hex and base64, with or without a prefix', () => {
    const key = randomBytes(32);
    for (const text of [
      key.toString('hex'),
      `hex:${key.toString('hex')}`,
      key.toString('base64'),
      `base64:${key.toString('base64')}`,
      key.toString('base64url'),
    ]) {
      expect(parseKey(text).equals(key)).toBe(true);
    }
  });

  it.each(['', 'not a key!', randomBytes(16).toString('base64'), randomBytes(33).toString('hex'), 'hex:abc'])(
    'rejects %j with vault/invalid-key without echoing it',
    (text) => {
      let err: unknown;
      try {
        parseKey(text, 'VAULT_KEY');
      } catch (e) {
        err = e;
      }
      expect(err).toEqual(code('vault/invalid-key'));
      if (text.length > 8) expect((err as Error).message).not.toContain(text);
    },
  );

  it('refuses a keyring whose active key id is missing', () => {
    expect(() => createKeyring({ k1 }, 'k9')).toThrow(code('vault/unknown-key'));
  });
});
