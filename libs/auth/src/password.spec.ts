import { hashPassword, needsRehash, SCRYPT_DEFAULTS, verifyPassword } from './password';

/** Cheap parameters for tests that are not about the cost. */
const FAST = { N: 1024, r: 8, p: 1 };
const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');
const stored = (N: number, r: number, p: number, salt: Buffer, hash: Buffer): string =>
  `scrypt$N=${N},r=${r},p=${p}$${b64(salt)}$${b64(hash)}`;

describe('hashPassword / verifyPassword', () => {
  it('writes scrypt$N=32768,r=8,p=1$<16-byte salt>$<32-byte hash> by default and verifies it', async () => {
    const s = await hashPassword('correct horse battery staple');
    expect(s).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    await expect(verifyPassword('correct horse battery staple', s)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', s)).resolves.toBe(false);
  });

  it('salts every hash, so one password gives different strings that both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('same password', FAST), hashPassword('same password', FAST)]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same password', a)).resolves.toBe(true);
    await expect(verifyPassword('same password', b)).resolves.toBe(true);
  });

  it('reads N, r and p from the stored string (RFC 7914 §12 test vectors)', async () => {
    const v1 = Buffer.from(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830da' +
        'c727afb94a83ee6d8360cbdfa2cc0640',
      'hex',
    );
    const v2 = Buffer.from(
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9' +
        'e61e85dc0d651e40dfcf017b45575887',
      'hex',
    );
    await expect(verifyPassword('password', stored(1024, 8, 16, Buffer.from('NaCl'), v1))).resolves.toBe(true);
    await expect(verifyPassword('pleaseletmein', stored(16384, 8, 1, Buffer.from('SodiumChloride'), v2))).resolves.toBe(
      true,
    );
    await expect(verifyPassword('pleaseletmein', stored(16384, 8, 1, Buffer.from('SodiumChlorid'), v2))).resolves.toBe(
      false,
    );
  });

  it('normalises with NFKC (NIST SP 800-63B §5.1.1.2), so composed and decomposed forms verify alike', async () => {
    const s = await hashPassword('Ångström ﬁle Ｐａｓｓ', FAST);
    await expect(verifyPassword('A\u030Angstro\u0308m file Pass', s)).resolves.toBe(true);
  });

  it.each([
    ['N not a power of two', { N: 1000, r: 8, p: 1 }],
    ['N below 2^10', { N: 512, r: 8, p: 1 }],
    ['p above 16', { N: 1024, r: 8, p: 17 }],
    ['more than 256 MiB', { N: 2 ** 20, r: 8, p: 1 }],
    ['r zero', { N: 1024, r: 0, p: 1 }],
  ])('refuses to hash with %s', async (_what, params) => {
    await expect(hashPassword('whatever password', params)).rejects.toMatchObject({ code: 'auth/invalid-parameter' });
  });
});

describe('stored strings that are not ours', () => {
  const salt = b64(Buffer.alloc(16, 1));
  const hash = b64(Buffer.alloc(32, 2));
  it.each([
    ['an empty string', ''],
    ['a bcrypt hash', '$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234'],
    ['N not a power of two', `scrypt$N=30000,r=8,p=1$${salt}$${hash}`],
    ['N demanding 1 GiB', `scrypt$N=1048576,r=8,p=1$${salt}$${hash}`],
    ['p above 16', `scrypt$N=1024,r=8,p=99$${salt}$${hash}`],
    ['padded base64', `scrypt$N=1024,r=8,p=1$${salt}==$${hash}`],
    ['non-canonical base64', `scrypt$N=1024,r=8,p=1$${salt.slice(0, -1)}B$${hash}`],
    ['a hash of 8 bytes', `scrypt$N=1024,r=8,p=1$${salt}$${b64(Buffer.alloc(8))}`],
    ['a salt of 3 bytes', `scrypt$N=1024,r=8,p=1$${b64(Buffer.alloc(3))}$${hash}`],
    ['an extra field', `scrypt$N=1024,r=8,p=1$${salt}$${hash}$x`],
    ['reordered parameters', `scrypt$r=8,N=1024,p=1$${salt}$${hash}`],
    ['surrounding whitespace', ` scrypt$N=1024,r=8,p=1$${salt}$${hash}`],
  ])('refuses %s with auth/malformed-password-hash', async (_what, s) => {
    await expect(verifyPassword('whatever password', s)).rejects.toMatchObject({
      code: 'auth/malformed-password-hash',
    });
    expect(() => needsRehash(s)).toThrow(expect.objectContaining({ code: 'auth/malformed-password-hash' }));
  });
});

describe('needsRehash', () => {
  it('is false for a hash made with the current defaults', async () => {
    expect(needsRehash(await hashPassword('some long password'))).toBe(false);
  });

  it('is true for weaker parameters and false for stronger ones', () => {
    const salt = Buffer.alloc(16, 7);
    const hash = Buffer.alloc(32, 9);
    expect(needsRehash(stored(2 ** 14, 8, 1, salt, hash))).toBe(true);
    expect(needsRehash(stored(2 ** 15, 4, 1, salt, hash))).toBe(true);
    expect(needsRehash(stored(2 ** 16, 8, 1, salt, hash))).toBe(false);
    expect(needsRehash(stored(2 ** 15, 8, 2, salt, hash))).toBe(false);
  });

  it('is true for a short salt or hash, and when the target is raised', () => {
    expect(needsRehash(stored(2 ** 15, 8, 1, Buffer.from('NaCl'), Buffer.alloc(32)))).toBe(true);
    expect(needsRehash(stored(2 ** 15, 8, 1, Buffer.alloc(16), Buffer.alloc(16)))).toBe(true);
    expect(
      needsRehash(stored(2 ** 15, 8, 1, Buffer.alloc(16), Buffer.alloc(32)), { ...SCRYPT_DEFAULTS, N: 2 ** 16 }),
    ).toBe(true);
  });
});
