import { AuthError } from './errors';

/**
 * NIST SP 800-63B §5.1.1.2 (memorized secrets): at least 8 characters, and at least 64 allowed; we ask
 * for 12 and allow 256. Length is what makes a password strong, so there are NO composition rules
 * (no "one digit, one symbol"): the guideline says verifiers SHOULD NOT impose them. What it does ask
 * is to refuse values that are repetitive or sequential, context-specific (the username) or known
 * to be common or breached (the optional `blocklist`).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const PASSWORD_PROBLEM_CODES = [
  'password/too-short',
  'password/too-long',
  'password/repetitive',
  'password/sequential',
  'password/equals-username',
  'password/blocklisted',
] as const;

export type PasswordProblemCode = (typeof PASSWORD_PROBLEM_CODES)[number];

export interface PasswordProblem {
  code: PasswordProblemCode;
  /** English text for logs and simple UIs; it never contains the password. */
  message: string;
}

export interface PasswordContext {
  /** The account's login name: the password may not equal it (case-insensitively). */
  username?: string;
  /** Common or breached passwords, lower-cased and NFKC-normalised; a match is refused. */
  blocklist?: ReadonlySet<string>;
}

const MESSAGES: Record<PasswordProblemCode, string> = {
  'password/too-short': `password must be at least ${PASSWORD_MIN_LENGTH} characters`,
  'password/too-long': `password must be at most ${PASSWORD_MAX_LENGTH} characters`,
  'password/repetitive': 'password must not be one short group of characters repeated',
  'password/sequential': 'password must not be a run of consecutive digits, letters or keyboard keys',
  'password/equals-username': 'password must not be the username',
  'password/blocklisted': 'password is too common or known to be breached',
};

/** Runs of keys people type as "random": digits, the alphabet, keyboard rows (and their reverses). */
const SEQUENCES = [
  '0123456789'.repeat(4),
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
].flatMap((s) => [s, [...s].reverse().join('')]);

/**
 * Every problem a new password has, or `[]`. Characters are Unicode code points after NFKC
 * normalisation (§5.1.1.2), the same form `hashPassword` hashes.
 */
export function passwordPolicy(password: string, context: PasswordContext = {}): PasswordProblem[] {
  if (password.length > PASSWORD_MAX_LENGTH * 4) return [problem('password/too-long')];
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length > PASSWORD_MAX_LENGTH) return [problem('password/too-long')];
  const problems: PasswordProblem[] = [];
  if (length < PASSWORD_MIN_LENGTH) problems.push(problem('password/too-short'));
  const lower = normalised.toLowerCase();
  if (length > 0 && /^(.{1,4})\1+$/su.test(lower)) problems.push(problem('password/repetitive'));
  if (length > 2 && SEQUENCES.some((s) => s.includes(lower))) problems.push(problem('password/sequential'));
  const username = context.username?.normalize('NFKC').trim().toLowerCase();
  if (username && lower === username) problems.push(problem('password/equals-username'));
  if (context.blocklist?.has(lower)) problems.push(problem('password/blocklisted'));
  return problems;
}

/** Throws `auth/weak-password` listing every problem, or returns. */
export function assertPasswordPolicy(password: string, context: PasswordContext = {}): void {
  const problems = passwordPolicy(password, context);
  if (problems.length > 0) {
    throw new AuthError(
      'auth/weak-password',
      `password refused: ${problems.map((p) => p.code).join(', ')}`,
      problems.map((p) => p.message),
    );
  }
}

function problem(code: PasswordProblemCode): PasswordProblem {
  return { code, message: MESSAGES[code] };
}
