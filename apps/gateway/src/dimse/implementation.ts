import { Implementation, type association as assoc } from 'dcmjs-dimse';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '@delineo/dicom';

/** Our identity on the wire (PS3.7 §D.3.3.2), the same as in our Part 10 files (libs/dicom). */
export { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME };

/**
 * Makes an association speak as Delineo, for every SCU and SCP we run. The A-ASSOCIATE-RQ is
 * written from the association, but dcmjs-dimse's sendAssociationAccept() writes the process-wide
 * `Implementation` values into the A-ASSOCIATE-AC (its own UID 1.2.826.0.1.3680043.10.854 unless
 * set), so both are set: everything in this process that speaks DIMSE is Delineo.
 *
 * Asynchronous operations (PS3.7 §D.3.3.3): we perform one operation at a time and invoke one at a
 * time. dcmjs-dimse would echo a proposed window back as if granted; we leave the sub-item out of
 * our A-ASSOCIATE-RQ and -AC instead, which PS3.7 §D.3.3.3 defines as the default window of 1
 * invoked and 1 performed, whatever the requestor proposed.
 */
export function speakAsDelineo(a: assoc.Association): void {
  Implementation.setImplementationClassUid(IMPLEMENTATION_CLASS_UID);
  Implementation.setImplementationVersion(IMPLEMENTATION_VERSION_NAME);
  a.setImplementationClassUid(IMPLEMENTATION_CLASS_UID);
  a.setImplementationVersion(IMPLEMENTATION_VERSION_NAME);
  a.setNegotiateAsyncOps(false);
  a.setMaxAsyncOpsInvoked(1);
  a.setMaxAsyncOpsPerformed(1);
}

/**
 * Sends the A-ASSOCIATE-AC as Delineo. dcmjs-dimse writes min(association, Implementation) as the
 * maximum PDU length we receive (PS3.8 Annex D.1), so both are set to ours; then the association
 * goes back to the requestor's maximum, which is what bounds the PDUs dcmjs-dimse sends it.
 */
export function acceptAsDelineo(
  scp: { sendAssociationAccept(): void },
  a: assoc.Association,
  maxPduLength: number,
): void {
  const requestorMaxPdu = a.getMaxPduLength();
  speakAsDelineo(a);
  Implementation.setMaxPduLength(maxPduLength);
  a.setMaxPduLength(maxPduLength);
  scp.sendAssociationAccept();
  a.setMaxPduLength(requestorMaxPdu); // 0: no limit (dcmjs-dimse then caps its PDUs at 4 MiB)
}
