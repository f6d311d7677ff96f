import { delivered, hex4, permanent, retry, type DeliveryOutcome } from './delivery-outcome';

/** How a DIMSE status word classes (PS3.7 Annex C), refined for what a retry can change. */
export type StatusClass = 'success' | 'warning' | 'transient' | 'permanent';

/**
 * The one DIMSE status table for delivery. C-STORE statuses: PS3.4 Table B.2-1 (Annex B.2.3) for
 * the Storage service class, PS3.7 §9.1.1.1.9 for the DIMSE-level ones, PS3.7 Annex C for the
 * ranges. STOW-RS FailureReason/WarningReason values reuse these codes (PS3.18 Annex I), so the
 * DICOMweb sender classes them with the same table.
 */
export function statusClass(status: number): StatusClass {
  if (status === 0x0000) return 'success';
  // Warning: 0001, 0107 Attribute list error, 0116 Attribute value out of range, Bxxx
  // (B000 Coercion of Data Elements, B006 Elements Discarded, B007 Data Set does not match SOP Class).
  if (status === 0x0001 || status === 0x0107 || status === 0x0116 || (status & 0xf000) === 0xb000) return 'warning';
  // A7xx Refused: Out of Resources, and 0213 Resource limitation: the peer may have room later.
  if ((status & 0xff00) === 0xa700 || status === 0x0213) return 'transient';
  // A9xx Data Set does not match SOP Class, Cxxx Cannot understand, 0110 Processing failure,
  // 0117 Invalid SOP instance, 0122 SOP Class not supported, 0124 Not authorized, 0210–0212:
  // the same bytes to the same peer fail the same way, so a person has to look.
  return 'permanent';
}

/** C-STORE-RSP Status (0000,0900) → outcome. The Error Comment is never used: it may quote values. */
export function cStoreStatusOutcome(status: number): DeliveryOutcome {
  const message = `C-STORE-RSP status ${hex4(status)}`;
  switch (statusClass(status)) {
    case 'success':
      return delivered();
    case 'warning':
      return delivered(`stored with warning ${hex4(status)}`);
    case 'transient':
      return retry(status === 0x0213 ? 'delivery/status-resource-limitation' : 'delivery/status-a7xx', message);
    case 'permanent':
      if ((status & 0xff00) === 0xa900) return permanent('delivery/status-a9xx', message);
      if ((status & 0xf000) === 0xc000) return permanent('delivery/status-cxxx', message);
      if (status >= 0x0100 && status <= 0x02ff) return permanent('delivery/status-failure', message);
      // Other Axxx, FE00 Cancel, FFxx Pending: not C-STORE answers (PS3.4 Table B.2-1).
      return permanent('delivery/status-unknown', message);
  }
}

export interface AssociateReject {
  result: number;
  source: number;
  reason: number;
}

/** A-ASSOCIATE-RJ reasons by source, PS3.8 §9.3.4 Table 9-21. */
const REJECT_REASONS: Record<number, Record<number, string>> = {
  1: {
    1: 'no-reason-given',
    2: 'application-context-name-not-supported',
    3: 'calling-AE-title-not-recognized',
    7: 'called-AE-title-not-recognized',
  },
  2: { 1: 'no-reason-given', 2: 'protocol-version-not-supported' },
  3: { 1: 'temporary-congestion', 2: 'local-limit-exceeded' },
};
const REJECT_SOURCES: Record<number, string> = {
  1: 'service-user',
  2: 'service-provider (ACSE)',
  3: 'service-provider (presentation)',
};

/** PS3.8 §9.3.4: Result 1 is rejected-permanent, 2 rejected-transient; any other value is malformed. */
export function associationRejectOutcome(rj: AssociateReject): DeliveryOutcome {
  const why = `${REJECT_SOURCES[rj.source] ?? `source ${rj.source}`}: ${REJECT_REASONS[rj.source]?.[rj.reason] ?? `reason ${rj.reason}`}`;
  if (rj.result === 2) return retry('delivery/rejected-association', `A-ASSOCIATE-RJ rejected-transient, ${why}`);
  return permanent('delivery/rejected-association', `A-ASSOCIATE-RJ rejected-permanent, ${why}`);
}

/** Presentation context results, PS3.8 §9.3.3.2 Table 9-18. */
const CONTEXT_RESULTS: Record<number, string> = {
  1: 'user-rejection',
  2: 'no-reason (provider rejection)',
  3: 'abstract-syntax-not-supported',
  4: 'transfer-syntaxes-not-supported',
};

/** The association was accepted but not our one presentation context: nothing can be sent on it. */
export function contextRejectedOutcome(result: number): DeliveryOutcome {
  return permanent(
    'delivery/no-presentation-context',
    `presentation context not accepted: ${CONTEXT_RESULTS[result] ?? `result ${result}`}`,
  );
}

/** A-ABORT or A-P-ABORT before the C-STORE-RSP (PS3.8 §7.3–7.4): the instance may not be stored; send again. */
export function abortOutcome(source: number, reason: number): DeliveryOutcome {
  return retry('delivery/aborted', `A-ABORT before C-STORE-RSP (source ${source}, reason ${reason})`);
}
