import { constants, type association as assoc } from 'dcmjs-dimse';
import { TransferSyntax } from '@delineo/dicom';

/** PS3.4 Annex C.6: the Query/Retrieve information models we serve, and their operations. */
export type QrModel = 'patient' | 'study';
export type QrOperation = 'find' | 'move' | 'get';

/** PS3.4 Table C.4-1 / PS3.6 Annex A: SOP Class UIDs of the Patient and Study Root models. */
export const QR_SOP_CLASSES: Readonly<Record<string, { model: QrModel; operation: QrOperation }>> = {
  '1.2.840.10008.5.1.4.1.2.1.1': { model: 'patient', operation: 'find' },
  '1.2.840.10008.5.1.4.1.2.1.2': { model: 'patient', operation: 'move' },
  '1.2.840.10008.5.1.4.1.2.1.3': { model: 'patient', operation: 'get' },
  '1.2.840.10008.5.1.4.1.2.2.1': { model: 'study', operation: 'find' },
  '1.2.840.10008.5.1.4.1.2.2.2': { model: 'study', operation: 'move' },
  '1.2.840.10008.5.1.4.1.2.2.3': { model: 'study', operation: 'get' },
};

export function qrSopClass(uid: string): { model: QrModel; operation: QrOperation } | undefined {
  return Object.prototype.hasOwnProperty.call(QR_SOP_CLASSES, uid) ? QR_SOP_CLASSES[uid] : undefined;
}

/** Identifiers are small: the two uncompressed little-endian syntaxes cover every SCU (PS3.5 §10.1). */
const QR_SYNTAXES: readonly string[] = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

/**
 * Sets the result of every proposed Q/R presentation context (PS3.8 §9.3.3.2), after the
 * storage/verification negotiation. A caller whose allow-list entry lacks `query: true` gets
 * "user-rejection" (PS3.8 Table 9-18, result 1) for each of them: the association itself stays
 * usable for storage, and the SCU learns before sending anything that it may not query. PS3.4
 * C.4.1.1.4 has no C-FIND status meaning "not authorized", so refusing at negotiation is the one
 * answer every SCU understands. Storage contexts proposed with SCP/SCU role selection (PS3.7
 * D.3.3.4, for C-GET) keep the roles dcmjs-dimse echoes back from the request.
 */
export function negotiateQueryRetrieve(a: assoc.Association, mayQuery: boolean): void {
  const { PresentationContextResult } = constants;
  for (const { context } of a.getPresentationContexts()) {
    if (!qrSopClass(context.getAbstractSyntaxUid())) continue;
    if (!mayQuery) {
      context.setResult(PresentationContextResult.RejectUser);
      continue;
    }
    const ts = context.getTransferSyntaxUids().find((t) => QR_SYNTAXES.includes(t));
    if (ts) context.setResult(PresentationContextResult.Accept, ts);
    else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
  }
}
