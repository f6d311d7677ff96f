import { Dataset as DimseDataset } from 'dcmjs-dimse';
import { Dataset, encodeDataset, TransferSyntax } from '@delineo/dicom';

/**
 * An identifier encoded by @delineo/dicom in the presentation context's transfer syntax, handed
 * to dcmjs-dimse as a Dataset whose bytes it writes as they are (it would otherwise re-encode
 * through dcmjs, which knows neither our values' raw bytes nor our dictionary).
 */
class EncodedIdentifier extends DimseDataset {
  constructor(
    private readonly bytes: Buffer,
    transferSyntaxUid: string,
  ) {
    super({}, transferSyntaxUid);
  }
  override getDenaturalizedDataset(): Buffer {
    return this.bytes;
  }
}

export function encodedIdentifier(ds: Dataset, transferSyntaxUid: string | undefined): DimseDataset {
  const ts = transferSyntaxUid || TransferSyntax.ImplicitVRLittleEndian;
  return new EncodedIdentifier(Buffer.concat(encodeDataset(ds, ts)), ts);
}

/** PS3.4 C.4.2.1.5: the final response's identifier lists the failed SOP Instance UIDs. */
export function failedListIdentifier(uids: string[], transferSyntaxUid: string | undefined): DimseDataset {
  const ds = new Dataset();
  ds.setString(0x00080058, 'UI', uids);
  return encodedIdentifier(ds, transferSyntaxUid);
}
