import { createHash } from 'node:crypto';
import { AuthError, isAuthError } from './errors';

export const AUDIT_ACTOR_TYPES = ['user', 'token', 'ae', 'system'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
export type AuditDetailValue = string | number | boolean | null;

export interface AuditRecordInput {
  time: Date;
  actorType: AuditActorType;
  actorId: string;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  sourceAddress: string | null;
  requestId: string | null;
  details?: Record<string, AuditDetailValue>;
}

export interface ChainedAuditRecord extends AuditRecordInput {
  seq: number;
  hash: string;
  prevHash: string;
}

/** The link a new record carries: where it sits and what it commits to. */
export interface ChainLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainVerification =
  { ok: true; count: number } | { ok: false; seq: number; reason: 'hash-mismatch' | 'prev-mismatch' | 'seq-gap' };

/** The `prevHash` of record 1. */
export const GENESIS_HASH = '0'.repeat(64);
const HEX_DIGEST = /^[0-9a-f]{64}$/;

/**
 * One fixed serialisation per record, so the hash a verifier recomputes years later equals the one
 * written: keys in a fixed order (details' keys sorted by UTF-16 code units, RFC 8785 §3.2.3), no
 * whitespace, time as ISO 8601 UTC with milliseconds, strings and numbers as ECMAScript JSON writes
 * them (the forms RFC 8785 §3.2.2 adopts). Absent details serialise as `{}`. Throws
 * `auth/invalid-audit-record` for what has no canonical form (invalid date, non-finite number).
 */
export function canonicalAuditJson(record: AuditRecordInput): string {
  const time = record.time instanceof Date ? record.time.getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw invalid('time is not a valid Date');
  if (!(AUDIT_ACTOR_TYPES as readonly string[]).includes(record.actorType)) throw invalid('actorType is unknown');
  if (!(AUDIT_OUTCOMES as readonly string[]).includes(record.outcome)) throw invalid('outcome is unknown');
  const details = record.details ?? {};
  const detailsJson = Object.keys(details)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${scalar(details[key], `details.${key}`)}`)
    .join(',');
  return (
    `{"time":${JSON.stringify(new Date(time).toISOString())}` +
    `,"actorType":${JSON.stringify(record.actorType)}` +
    `,"actorId":${text(record.actorId, 'actorId')}` +
    `,"action":${text(record.action, 'action')}` +
    `,"target":${nullableText(record.target, 'target')}` +
    `,"outcome":${JSON.stringify(record.outcome)}` +
    `,"sourceAddress":${nullableText(record.sourceAddress, 'sourceAddress')}` +
    `,"requestId":${nullableText(record.requestId, 'requestId')}` +
    `,"details":{${detailsJson}}}`
  );
}

/** Hex SHA-256 of `prevHash + '\n' + canonicalAuditJson(record)` (UTF-8). */
export function chainHash(prevHash: string, record: AuditRecordInput): string {
  if (!HEX_DIGEST.test(prevHash)) throw new AuthError('auth/invalid-parameter', 'prevHash is not a hex SHA-256 digest');
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalAuditJson(record)}`, 'utf8')
    .digest('hex');
}

/**
 * The link for the record appended after `previous` (none: the first record). The appender must
 * read the previous link and insert the new one under one lock, and number records itself: a
 * database sequence leaves gaps on rollback, which `verifyChain` would report as `seq-gap`.
 */
export function chainLink(previous: { seq: number; hash: string } | undefined, record: AuditRecordInput): ChainLink {
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { seq: (previous?.seq ?? 0) + 1, prevHash, hash: chainHash(prevHash, record) };
}

/**
 * Walks records in the order given (ascending `seq`, as read) and names the FIRST broken one: a
 * `seq` that is not the previous plus one (deleted or reordered rows), a `prevHash` that is not the
 * previous record's `hash` (rows deleted and renumbered, or a rewritten record's successor), or a
 * `hash` that does not match the record's content (an edited row). `anchor` is the last record
 * already verified, to check only what was appended since. Removing records from the END leaves a
 * valid chain: detect that by comparing the last hash with a copy kept elsewhere.
 */
export function verifyChain(
  records: readonly ChainedAuditRecord[],
  anchor: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainVerification {
  let expectedSeq = anchor.seq + 1;
  let expectedPrev = anchor.hash;
  for (const record of records) {
    if (record.seq !== expectedSeq) return { ok: false, seq: record.seq, reason: 'seq-gap' };
    if (record.prevHash !== expectedPrev) return { ok: false, seq: record.seq, reason: 'prev-mismatch' };
    if (recomputed(record) !== record.hash) return { ok: false, seq: record.seq, reason: 'hash-mismatch' };
    expectedSeq += 1;
    expectedPrev = record.hash;
  }
  return { ok: true, count: records.length };
}

/** A stored record with no canonical form was not written by `chainHash`: it reads as a mismatch. */
function recomputed(record: ChainedAuditRecord): string | undefined {
  try {
    return chainHash(record.prevHash, record);
  } catch (e) {
    if (isAuthError(e)) return undefined;
    throw e;
  }
}

function scalar(value: unknown, field: string): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw invalid(`${field} is not a finite number`);
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      throw invalid(`${field} is not a string, number, boolean or null`);
    default:
      throw invalid(`${field} is not a string, number, boolean or null`);
  }
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(`${field} is not a string`);
  return JSON.stringify(value);
}

function nullableText(value: unknown, field: string): string {
  return value === null ? 'null' : text(value, field);
}

function invalid(problem: string): AuthError {
  return new AuthError('auth/invalid-audit-record', `audit record ${problem}`);
}
