import { createHmac, randomUUID } from 'node:crypto';

/** A UID is at most 64 chars of digits and dots, no leading zero in a component (PS3.5 §9.1). */
export function isValidUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}

/** Random UID under 2.25 from a UUID (PS3.5 §B.2). */
export function randomUid(): string {
  return '2.25.' + BigInt('0x' + randomUUID().replace(/-/g, '')).toString();
}

/** Deterministic UID: 2.25 + decimal of the first 128 bits of HMAC-SHA256(key, input). */
export function keyedUid(key: Buffer, input: string): string {
  const mac = createHmac('sha256', key).update(input, 'latin1').digest();
  return '2.25.' + BigInt('0x' + mac.subarray(0, 16).toString('hex')).toString();
}
