import { delivered, hex4, permanent, retry, type DeliveryOutcome } from './delivery-outcome';
import { statusClass } from './dimse-status.mapper';
import { httpStatusOutcome } from './http-post';

/** Store Instances Response Module attributes (PS3.18 Annex I, DICOM JSON keys per PS3.18 §F.2). */
const T = {
  FailedSOPSequence: '00081198',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPInstanceUID: '00081155',
  WarningReason: '00081196',
  FailureReason: '00081197',
} as const;

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const values = (o: JsonObject, tag: string): unknown[] => {
  const attr = o[tag];
  return isObject(attr) && Array.isArray(attr.Value) ? attr.Value : [];
};
const items = (o: JsonObject, tag: string): JsonObject[] => values(o, tag).filter(isObject);

/**
 * Our one instance's fate in a STOW-RS response (PS3.18 §10.5.3). The HTTP status alone is not
 * enough: Orthanc answers 200 with neither sequence when it stored nothing (shared/TESTBED.md).
 * We send one instance per request, so an item without a SOP Instance UID is ours too.
 */
export function stowOutcome(status: number, body: unknown, sopInstanceUid: string): DeliveryOutcome {
  // Table 10.5.3-1: 200 all stored, 202 some stored or with warnings, 409 none stored.
  if (status !== 200 && status !== 202 && status !== 409)
    return httpStatusOutcome(status, 'delivery/stow-bad-response');
  if (!isObject(body)) {
    return permanent(
      status === 409 ? 'delivery/stow-failed' : 'delivery/stow-bad-response',
      `HTTP ${status} without a Store Instances Response`,
    );
  }
  const ours = (item: JsonObject): boolean => {
    const uid = values(item, T.ReferencedSOPInstanceUID)[0];
    return uid === undefined || uid === sopInstanceUid;
  };
  const failed = items(body, T.FailedSOPSequence).find(ours);
  if (failed) return failureOutcome(status, values(failed, T.FailureReason)[0]);
  const stored = items(body, T.ReferencedSOPSequence).find(ours);
  if (stored) {
    const warning = values(stored, T.WarningReason)[0];
    if (typeof warning === 'number') return delivered(`stored with warning ${hex4(warning)}`);
    return delivered(status === 202 ? 'HTTP 202' : undefined);
  }
  if (status === 409) return permanent('delivery/stow-failed', 'HTTP 409, instance not in FailedSOPSequence');
  // Accepted but not stored, for a reason the server does not give. The same bytes would get the
  // same answer, so a person has to look rather than the queue retrying.
  return permanent(
    'delivery/stow-nothing-stored',
    `HTTP ${status}, instance in neither ReferencedSOPSequence nor FailedSOPSequence`,
  );
}

/** FailureReason (0008,1197) shares its codes with C-STORE statuses (PS3.18 Table I.2-2). */
function failureOutcome(status: number, reason: unknown): DeliveryOutcome {
  if (typeof reason !== 'number')
    return permanent('delivery/stow-failed', `HTTP ${status}, failed without FailureReason`);
  const message = `HTTP ${status}, FailureReason ${hex4(reason)}`;
  return statusClass(reason) === 'transient'
    ? retry('delivery/stow-failed', message)
    : permanent('delivery/stow-failed', message);
}
