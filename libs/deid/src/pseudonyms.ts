import { createHmac } from 'node:crypto';
import { keyedUid } from '@delineo/dicom';
import { DeidError } from './errors';

/** Shifts fall in [-MAX_DATE_SHIFT_DAYS, -1]: always into the past, never zero (README "Dates"). */
export const MAX_DATE_SHIFT_DAYS = 3650;
export const PATIENT_ID_PREFIX = 'DLN-';

function mac(projectKey: Buffer, input: string): Buffer {
  if (projectKey.length < 16) throw new DeidError('deid/invalid-key', 'project key must be at least 16 bytes');
  return createHmac('sha256', projectKey).update(input, 'utf8').digest();
}

/**
 * The one UID mapping used everywhere (engine, STOW path checks, vault lookups): "2.25." + the
 * decimal of the first 128 bits of HMAC-SHA256(projectKey, uid), a valid UID per PS3.5 §B.2.
 */
export function pseudonymizeUid(projectKey: Buffer, uid: string): string {
  if (projectKey.length < 16) throw new DeidError('deid/invalid-key', 'project key must be at least 16 bytes');
  return keyedUid(projectKey, uid);
}

/** The identity a patient is keyed by: issuer and ID, so equal IDs from two issuers stay apart. */
export function patientKey(patientId: string, issuer = ''): string {
  return `${issuer}|${patientId}`;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (no padding) of 10 bytes → 16 characters, 80 bits. */
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** Pseudonymous Patient ID, e.g. "DLN-MFRGGZDFMZTWQ2LK": 80 bits of HMAC(projectKey, "pid:" + key). */
export function patientPseudonym(projectKey: Buffer, key: string): string {
  return PATIENT_ID_PREFIX + base32(mac(projectKey, 'pid:' + key).subarray(0, 10));
}

/** Per-patient day offset in [-3650, -1] from HMAC(projectKey, "shift:" + key). */
export function dateShiftDays(projectKey: Buffer, key: string): number {
  return -(1 + (mac(projectKey, 'shift:' + key).readUInt32BE(0) % MAX_DATE_SHIFT_DAYS));
}
