import { association as assoc, constants } from 'dcmjs-dimse';
import { TransferSyntax as TS } from '@delineo/dicom';
import { chooseTransferSyntax, negotiate, type TransferSyntaxPreference } from './presentation';

const { ExplicitVRLittleEndian: ELE, ImplicitVRLittleEndian: ILE, ExplicitVRBigEndian: EBE } = TS;
const { JPEG2000Lossless: J2KL, JPEG2000: J2K, JPEGLSLossless: JLSL, JPEGLSNearLossless: JLSN } = TS;
const { JPEGBaseline8Bit: JPEGB, JPEGLossless: JPEGL, RLELossless: RLE, DeflatedExplicitVRLittleEndian: DEFL } = TS;
const HTJ2K = '1.2.840.10008.1.2.4.201';

/** [proposed, accepted per preference] — written out by hand, not derived from the code. */
const CASES: [string[], Record<TransferSyntaxPreference, string | undefined>][] = [
  [[J2KL, ELE, ILE], { sender: J2KL, uncompressed: ELE, lossless: J2KL }],
  [[J2K, ELE, ILE], { sender: J2K, uncompressed: ELE, lossless: ELE }],
  [[ILE, ELE], { sender: ILE, uncompressed: ELE, lossless: ELE }],
  [[EBE, ILE], { sender: ILE, uncompressed: ILE, lossless: ILE }],
  [[EBE], { sender: EBE, uncompressed: EBE, lossless: EBE }],
  [[JPEGB, JLSN], { sender: JPEGB, uncompressed: JPEGB, lossless: JPEGB }],
  [[JPEGB, RLE, JPEGL], { sender: JPEGB, uncompressed: JPEGB, lossless: RLE }],
  [[DEFL, ILE, JLSL], { sender: DEFL, uncompressed: ILE, lossless: JLSL }],
  [[HTJ2K, ELE], { sender: ELE, uncompressed: ELE, lossless: ELE }],
  [[HTJ2K], { sender: undefined, uncompressed: undefined, lossless: undefined }],
  [[], { sender: undefined, uncompressed: undefined, lossless: undefined }],
];

describe('chooseTransferSyntax (PS3.8 §9.3.3.2)', () => {
  it.each(CASES)('%j', (proposed, expected) => {
    for (const p of ['sender', 'uncompressed', 'lossless'] as const) {
      expect({ p, ts: chooseTransferSyntax(proposed, p) }).toEqual({ p, ts: expected[p] });
    }
    expect(chooseTransferSyntax(proposed)).toBe(expected.sender); // the default
  });
});

describe('negotiate', () => {
  it('accepts Verification and Storage with the preferred syntax, rejects the rest per context', () => {
    const a = new assoc.Association('SCU', 'DELINEO');
    const add = (sop: string, syntaxes: string[]): number => {
      const id = a.addPresentationContext(sop);
      for (const ts of syntaxes) a.addTransferSyntaxToPresentationContext(id, ts);
      return id;
    };
    const echo = add('1.2.840.10008.1.1', [ILE]);
    const ct = add('1.2.840.10008.5.1.4.1.1.2', [J2KL, ELE, ILE]);
    const none = add('1.2.840.10008.5.1.4.1.1.2', [HTJ2K]);
    const other = add('1.2.840.10008.5.1.4.31', [ELE]); // Modality Worklist FIND: not ours
    const find = add('1.2.840.10008.5.1.4.1.2.2.1', [EBE, ELE, ILE]); // Study Root FIND: qr/ answers it
    negotiate(a, 'uncompressed');
    const { PresentationContextResult: R } = constants;
    const got = (id: number) => {
      const c = a.getPresentationContext(id);
      return [c.getResult(), c.getResult() === R.Accept ? c.getAcceptedTransferSyntaxUid() : undefined];
    };
    expect(got(echo)).toEqual([R.Accept, ILE]);
    expect(got(ct)).toEqual([R.Accept, ELE]);
    expect(got(none)).toEqual([R.RejectTransferSyntaxesNotSupported, undefined]);
    expect(got(other)).toEqual([R.RejectAbstractSyntaxNotSupported, undefined]);
    expect(a.getPresentationContext(find).getResult()).toBe(R.Proposed);
    expect(a.getPresentationContext(find).getTransferSyntaxUids()).toEqual([EBE, ELE, ILE]);
  });
});
