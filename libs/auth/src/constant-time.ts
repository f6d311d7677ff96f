import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings without an early exit on the first differing byte, so response time tells an
 * attacker nothing about how much of a guess was right. Lengths are not hidden: every caller compares
 * values of a fixed, public length (digests, OTP codes).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}
