/**
 * dcmtk's storescu and dcmsend against each `dimse.transferSyntaxPreference`. storescu (3.6.7)
 * converts no dataset at all, so what it can send depends on the syntax we accept: `+C` puts the
 * compressed syntax and the uncompressed ones in ONE presentation context (the sender that
 * offered [JPEG 2000, Explicit LE, Implicit LE] and could not send its uncompressed CT), `-xv` alone
 * proposes them in separate contexts, and without `-xv` JPEG 2000 is never proposed.
 */
import {
  parsePart10,
  Tag,
  TransferSyntax,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
} from '@delineo/dicom';
import { DICOM_MULTIPART, getParts } from './dicomweb-client';
import { dcmsend, describeWithTools, shared, storescu } from './harness';
import { PREFERENCES, startPreferenceGateway, type Preference, type PreferenceGateway } from './dimse-preference';

const EXPLICIT_LE_MR = shared('dcm_qa_ts', '1.dcm');
const J2K_LOSSLESS_MR = shared('dcm_qa_ts', '9.dcm');
const JPEG_LOSSLESS_MR = shared('dcm_qa_ts', '5.dcm');
const { ExplicitVRLittleEndian: ELE, JPEG2000Lossless: J2KL, JPEGLosslessSV1: JPEGL } = TransferSyntax;

describe.each<Preference>(PREFERENCES)('transferSyntaxPreference: %s', (preference) => {
  describeWithTools('dcmtk senders', ['storescu', 'dcmsend'], () => {
    let peer: PreferenceGateway;
    beforeAll(async () => {
      peer = await startPreferenceGateway(preference);
    });
    afterAll(() => peer?.gw.close());

    // storescu +C proposes the compressed syntax and the uncompressed ones in ONE context; it must
    // then convert each file to what we accepted, and storescu 3.6.7 has no codec for that at all.
    const combined: [string, string[], string, Record<Preference, string | undefined>][] = [
      [
        'an uncompressed MR, +C -xv',
        ['+C', '-xv'],
        EXPLICIT_LE_MR,
        { sender: undefined, uncompressed: ELE, lossless: undefined },
      ],
      [
        'a JPEG 2000 lossless MR, +C -xv',
        ['+C', '-xv'],
        J2K_LOSSLESS_MR,
        { sender: J2KL, uncompressed: undefined, lossless: J2KL },
      ],
      [
        'a JPEG lossless MR, +C -xs',
        ['+C', '-xs'],
        JPEG_LOSSLESS_MR,
        { sender: JPEGL, uncompressed: undefined, lossless: JPEGL },
      ],
    ];
    it.each(combined)('storescu sends %s (%s) as the preference allows', async (_name, opts, file, expected) => {
      const r = await storescu(peer.gw, [file], ['-R', ...opts]);
      const want = expected[preference];
      if (want === undefined) {
        expect(r.code).not.toBe(0);
        expect(r.stderr + r.stdout).toMatch(/unable to convert dataset/);
      } else {
        expect(r.code).toBe(0);
        expect(await peer.storedSyntax(file)).toBe(want);
      }
    });

    it('storescu -xv (contexts not combined) sends JPEG 2000 and uncompressed files, each as it is', async () => {
      const r = await storescu(peer.gw, [J2K_LOSSLESS_MR, EXPLICIT_LE_MR], ['-R', '-xv']);
      expect(r.code).toBe(0);
      expect(await peer.storedSyntax(J2K_LOSSLESS_MR)).toBe(J2KL);
      expect(await peer.storedSyntax(EXPLICIT_LE_MR)).toBe(ELE);
    });

    it('serves Part 10 files whose file meta names Delineo, as stored and transcoded (PS3.10 7.1)', async () => {
      expect((await storescu(peer.gw, [J2K_LOSSLESS_MR], ['-R', '-xv'])).code).toBe(0);
      const url = await peer.retrieveUrl(J2K_LOSSLESS_MR);
      for (const [accept, ts] of [
        [`${DICOM_MULTIPART}; transfer-syntax=*`, J2KL],
        [DICOM_MULTIPART, ELE],
      ]) {
        const { parts } = await getParts(url, accept);
        expect(parts).toHaveLength(1);
        const { meta, transferSyntaxUid } = parsePart10(parts[0]);
        expect(transferSyntaxUid).toBe(ts);
        expect(meta.string(Tag.ImplementationClassUID)).toBe(IMPLEMENTATION_CLASS_UID);
        expect(meta.string(Tag.ImplementationVersionName)).toBe(IMPLEMENTATION_VERSION_NAME);
      }
    });

    it('storescu without -xv cannot send JPEG 2000: it never proposes it; dcmsend does', async () => {
      const r = await storescu(peer.gw, [J2K_LOSSLESS_MR], ['-R', '-d']);
      expect(r.code).not.toBe(0);
      const log = r.stdout + r.stderr;
      // What it proposed for the file's class: uncompressed syntaxes only, so no acceptor choice helps.
      expect(log).toMatch(/Abstract Syntax: =MRImageStorage/);
      expect(log).not.toMatch(/Proposed Transfer Syntax\(es\):[^]*=JPEG2000/);
      expect(log).toMatch(/unable to convert dataset from 'JPEG 2000 \(Lossless only\)'/);
      // dcmsend proposes each file's own syntax in a context of its own: accepted as sent.
      expect((await dcmsend(peer.gw, [J2K_LOSSLESS_MR])).code).toBe(0);
      expect(await peer.storedSyntax(J2K_LOSSLESS_MR)).toBe(J2KL);
    });
  });
});
