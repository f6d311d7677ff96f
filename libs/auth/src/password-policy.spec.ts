import { AuthError } from './errors';
import { assertPasswordPolicy, passwordPolicy, PASSWORD_PROBLEM_CODES, PasswordProblemCode } from './password-policy';

const codes = (password: string, context = {}): PasswordProblemCode[] =>
  passwordPolicy(password, context).map((p) => p.code);

describe('passwordPolicy', () => {
  it.each([
    'correct horse battery staple',
    'alllowercaseletters',
    'Tr0ub4dor&3xyz',
    '123456789013',
    'ein sehr langes Passwort',
    '密码密码密码很长很长的句子',
    'x'.repeat(11) + 'y',
    'a'.repeat(255) + 'b',
  ])('accepts %j: length matters, there are no composition rules', (password) => {
    expect(codes(password)).toEqual([]);
  });

  it.each<[string, string, PasswordProblemCode[]]>([
    ['empty', '', ['password/too-short']],
    ['11 characters', 'abcxyzqwpmn', ['password/too-short']],
    ['257 characters', 'a'.repeat(256) + 'b', ['password/too-long']],
    ['a huge input', 'ab'.repeat(100_000), ['password/too-long']],
    ['one character repeated', 'aaaaaaaaaaaa', ['password/repetitive']],
    ['a 4-character group repeated', 'Abc!abc!ABC!', ['password/repetitive']],
    ['ascending digits that wrap', '123456789012', ['password/sequential']],
    ['descending digits', '987654321098', ['password/sequential']],
    ['the alphabet', 'ABCDEFGHIJKLMNOP', ['password/sequential']],
    ['a keyboard row', 'qwertyuiopasdf', ['password/sequential']],
    ['short and sequential', 'abcdef', ['password/too-short', 'password/sequential']],
  ])('refuses %s', (_what, password, expected) => {
    expect(codes(password)).toEqual(expected);
  });

  it('counts Unicode code points after NFKC, not UTF-16 units', () => {
    const emoji = '😀🐱🚀🌍🎉🔒🧪🩻🫀🧠🦴🩺';
    expect(emoji.length).toBe(24);
    expect(codes(emoji)).toEqual([]);
    expect(codes(emoji.slice(0, 22))).toEqual(['password/too-short']);
  });

  it('refuses the username, case-insensitively and after NFKC', () => {
    expect(codes('Dr.Alice.Example', { username: 'dr.alice.example' })).toEqual(['password/equals-username']);
    expect(codes('ＡＬＩＣＥ＿ＲＡＤＩＯＬＯＧＹ', { username: 'alice_radiology' })).toEqual([
      'password/equals-username',
    ]);
    expect(codes('alice_radiology!', { username: 'alice_radiology' })).toEqual([]);
    expect(codes('some long password', { username: '' })).toEqual([]);
  });

  it('refuses a blocklisted password whatever its case', () => {
    const blocklist = new Set(['correcthorsebatterystaple']);
    expect(codes('CorrectHorseBatteryStaple', { blocklist })).toEqual(['password/blocklisted']);
  });

  it('lists every problem at once, each with a message that does not echo the password', () => {
    const found = passwordPolicy('aaaa', { username: 'aaaa', blocklist: new Set(['aaaa']) });
    expect(found.map((p) => p.code)).toEqual([
      'password/too-short',
      'password/repetitive',
      'password/equals-username',
      'password/blocklisted',
    ]);
    for (const p of found) expect(p.message).not.toContain('aaaa');
  });

  it('can report every problem code, each with its own message', () => {
    const all = [
      ...passwordPolicy('abc', { username: 'ABC', blocklist: new Set(['abc']) }),
      ...passwordPolicy('aaa'),
      ...passwordPolicy('a'.repeat(300)),
    ];
    expect(new Set(all.map((p) => p.code))).toEqual(new Set(PASSWORD_PROBLEM_CODES));
    expect(new Set(all.map((p) => p.message)).size).toBe(new Set(all.map((p) => p.code)).size);
  });
});

describe('assertPasswordPolicy', () => {
  it('throws auth/weak-password with every problem, and returns for a good password', () => {
    expect(() => assertPasswordPolicy('a correct horse battery staple')).not.toThrow();
    let caught: unknown;
    try {
      assertPasswordPolicy('bob', { username: 'Bob' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect(caught).toMatchObject({
      code: 'auth/weak-password',
      problems: expect.arrayContaining([expect.any(String)]),
    });
    expect((caught as AuthError).problems).toHaveLength(2);
    expect((caught as AuthError).message).not.toContain('bob');
  });
});
