/**
 * The fuzz suite's pure part (issue 13 §6): seeded, structure-aware mutators for DICOM datasets
 * and for DIMSE conversations, and the in-process parser target. Not part of @delineo/dicom's API:
 * scripts/fuzz.ts and the fuzz specs import it from here.
 */
export { DicomMutator, ENCODINGS, encodingOf } from './dicom-mutator';
export type { DicomCase, DicomMutatorOptions } from './dicom-mutator';
export { ctDataset, CT_IMAGE_STORAGE, seeds } from './dicom-seeds';
export { parseCase, parseRaw, runTarget } from './parser-target';
export type { TargetResult } from './parser-target';
export {
  abortPdu,
  cEchoRq,
  Cmd,
  encodeAssociateRq,
  encodeCommand,
  encodePDataTf,
  pdu,
  PduType,
  releasePdu,
  VERIFICATION_SOP_CLASS,
} from './pdu-encoding';
export { associateRq, ECHO_CONTEXT, FUZZ_AE, GATEWAY_AE, PduMutator, STORE_CONTEXT } from './pdu-mutator';
export type { PduCase, StorePayload } from './pdu-mutator';
export type { PduStep } from './pdu-sequence-mutations';
export { Prng } from './prng';
