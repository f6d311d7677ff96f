import { createHash } from 'node:crypto';
import type { Identifier } from '@medplum/fhirtypes';
import { SYSTEMS } from './codes';

/** Namespace of Delineo's name-based UUIDs; fixed forever, or every identifier changes. */
export const DELINEO_UUID_NAMESPACE = '8be26b89-734a-4f3b-be51-ed87cecc9375';

/**
 * Name-based UUID, version 5 (SHA-1), RFC 9562 §5.5. The same name always gives the same UUID,
 * which is what makes a resent report the same report.
 */
export function uuidV5(name: string, namespace = DELINEO_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The names behind every deterministic id of one report. Everything a report creates hangs off
 * the SEG SOP Instance UID (one SEG per result), never off patient values: a fullUrl or an
 * identifier must not be a hash of PatientID, which is guessable.
 */
export function reportNames(segSopInstanceUid: string) {
  const seg = `seg:${segSopInstanceUid}`;
  return {
    patient: `${seg}/patient`,
    imagingStudy: `${seg}/imaging-study`,
    report: `${seg}/report`,
    observation: (segmentNumber: number) => `${seg}/segment:${segmentNumber}`,
  };
}

/** One Device per software version × model version, shared by every report it makes. */
export function deviceName(device: { name: string; version: string }, model: { id: string; version: string }): string {
  return `device:${JSON.stringify([device.name, device.version, model.id, model.version])}`;
}

/** A bundle-local fullUrl, https://hl7.org/fhir/R4/bundle.html#bundle-unique. */
export function fullUrlFor(name: string): string {
  return `urn:uuid:${uuidV5(name)}`;
}

/** A globally unique business identifier (system urn:ietf:rfc:3986, value urn:uuid:…). */
export function uuidIdentifier(name: string): Identifier {
  return { system: SYSTEMS.uri, value: `urn:uuid:${uuidV5(name)}` };
}

/**
 * If-None-Exist query for a conditional create on identifier (https://hl7.org/fhir/R4/http.html#ccreate,
 * token search system|value). The token is percent-encoded: "|" is not allowed unescaped in a
 * URI query (RFC 3986 §3.4) and UIDs or MRNs may hold other reserved characters.
 */
export function ifNoneExistIdentifier(identifier: Identifier): string {
  return `identifier=${encodeURIComponent(`${identifier.system ?? ''}|${identifier.value ?? ''}`)}`;
}
