import {
  encodeDataset,
  hasLongLength,
  isVr,
  parsePart10,
  Tag,
  TransferSyntax,
  transferSyntaxTraits,
  type Dataset,
} from '@delineo/dicom';
import { CodedError } from '@delineo/errors';
import { permanent, type DeliveryOutcome } from './delivery-outcome';

/** What the senders need from one Part 10 instance; UIDs stay in memory and are never logged. */
export interface DicomPayload {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Only STOW-RS to /studies/{uid} needs it; a missing one is the peer's to judge. */
  studyInstanceUid?: string;
  transferSyntaxUid: string;
  /** Transfer syntaxes to propose, best first (PS3.8 §9.3.2.2: one context may list several). */
  proposedSyntaxes: string[];
  /** The dataset as C-STORE carries it (no preamble, no meta group) in one of proposedSyntaxes. */
  encode(transferSyntaxUid: string): Buffer;
}

/** The SEG cannot be sent as it is (unreadable, or not encodable in any proposed syntax). */
export class PayloadError extends CodedError<'delivery/invalid-payload'> {
  constructor(message: string) {
    super('delivery/invalid-payload', message);
  }
}

const { ExplicitVRLittleEndian: ELE, ImplicitVRLittleEndian: ILE } = TransferSyntax;

/**
 * Reads a Part 10 file (PS3.10 §7.1). In its own transfer syntax the dataset goes out byte for
 * byte as it is in the file; between the two uncompressed little-endian syntaxes we re-encode with
 * @delineo/dicom, which keeps every value's bytes and changes only the element headers.
 */
export function readDicomPayload(part10: Buffer): DicomPayload {
  let dataset: Dataset;
  let transferSyntaxUid: string;
  try {
    ({ dataset, transferSyntaxUid } = parsePart10(part10));
  } catch (err) {
    throw new PayloadError(
      `not a readable Part 10 file (${err instanceof CodedError ? String(err.code) : 'parse error'})`,
    );
  }
  const sopClassUid = dataset.string(Tag.SOPClassUID);
  const sopInstanceUid = dataset.string(Tag.SOPInstanceUID);
  const studyInstanceUid = dataset.string(Tag.StudyInstanceUID);
  // C-STORE-RQ needs both as Affected SOP Class/Instance UID (PS3.7 §9.3.1.1); STOW matches on the instance.
  if (!sopClassUid || !sopInstanceUid) throw new PayloadError('missing SOP Class UID or SOP Instance UID');
  const traits = transferSyntaxTraits(transferSyntaxUid)!;
  const native = [ELE, ILE] as string[];
  // Encapsulated pixel data cannot be decoded here, so only its own syntax is offered.
  const proposedSyntaxes = traits.encapsulated
    ? [transferSyntaxUid]
    : [...new Set([transferSyntaxUid, ...native])].sort(byPreference);
  const body = part10.subarray(datasetOffset(part10));
  return {
    sopClassUid,
    sopInstanceUid,
    studyInstanceUid,
    transferSyntaxUid,
    proposedSyntaxes,
    encode(ts) {
      if (ts === transferSyntaxUid) return body;
      if (!proposedSyntaxes.includes(ts)) throw new PayloadError(`cannot encode in ${ts}`);
      return Buffer.concat(encodeDataset(dataset, ts));
    },
  };
}

/** Explicit VR Little Endian first, Implicit VR Little Endian last (the default every SCP must accept, PS3.5 §10.1). */
function byPreference(a: string, b: string): number {
  const rank = (ts: string): number => (ts === ELE ? 1 : ts === ILE ? 2 : 0);
  return rank(a) - rank(b);
}

/** Skips the preamble, "DICM" and the explicit-VR little-endian group 0002 elements (PS3.10 §7.1). */
function datasetOffset(buf: Buffer): number {
  let offset = 132;
  while (offset + 8 <= buf.length && buf.readUInt16LE(offset) === 0x0002) {
    const vr = buf.toString('latin1', offset + 4, offset + 6);
    if (isVr(vr) && hasLongLength(vr)) offset += 12 + buf.readUInt32LE(offset + 8);
    else offset += 8 + buf.readUInt16LE(offset + 6);
  }
  return offset;
}

/** The payload, or the permanent outcome a malformed file gets: no peer could ever store it. */
export function payloadOrOutcome(part10: Buffer): DicomPayload | DeliveryOutcome {
  try {
    return readDicomPayload(part10);
  } catch (err) {
    if (err instanceof PayloadError) return permanent(err.code, err.message);
    throw err;
  }
}
