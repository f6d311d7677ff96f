/**
 * WADO-RS conformance (PS3.18 §8.7, §10.4) against the real gateway: real compressed instances
 * (dcm_qa_ts, highdicom, and dcmtk's compressions of them) stored by STOW-RS, then retrieved with
 * each Accept a client may send. Decoded pixels are compared with the uncompressed original for the
 * lossless syntaxes and with dcmtk's own decoding for the lossy ones.
 */
import { parsePart10, Tag, TransferSyntax } from '@delineo/dicom';
import { decodeFrame, initImagingCodecs, readPixelModule } from '@delineo/imaging';
import { first, getParts, items, stow, type Json } from './dicomweb-client';
import { randomSecrets, startTestGateway, type TestGateway } from './harness';
import { makeFixtures, type Fixture } from './wado-fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { decode: decodePng } = require('fast-png') as {
  decode(b: Uint8Array): { width: number; height: number; channels: number; data: Uint8Array };
};

const TS = TransferSyntax;
const DICOM = 'multipart/related; type="application/dicom"';
const withTs = (ts: string) => `${DICOM}; transfer-syntax=${ts}`;
const pixelsOf = (file: Buffer): Buffer => parsePart10(file).dataset.get(Tag.PixelData)!.value!;
const tsOf = (file: Buffer): string => parsePart10(file).transferSyntaxUid;
const maxDiff = (a: Buffer, b: Buffer): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('WADO-RS conformance: transfer syntaxes, frames, bulk data, rendered, thumbnails', () => {
  let gw: TestGateway;
  let fixtures: Map<string, Fixture>;
  let cleanup: () => void;
  /** Fixture name → its instance URL in the archive (from the STOW RetrieveURL). */
  const urls = new Map<string, string>();

  beforeAll(async () => {
    ({ fixtures, cleanup } = await makeFixtures());
    gw = await startTestGateway({ env: randomSecrets() });
    for (const f of fixtures.values()) {
      const r = await stow(`${gw.http}/dicomweb/studies`, [f.file]);
      expect(r.status).toBe(202);
      urls.set(f.name, String(first(items(r.body, '00081199')[0], '00081190')));
    }
  });
  afterAll(async () => {
    await gw?.close();
    cleanup?.();
  });

  const get = (name: string, accept = DICOM, suffix = '') => getParts(`${urls.get(name)}${suffix}`, accept);
  const fetchRaw = (name: string, suffix: string, accept?: string) =>
    fetch(`${urls.get(name)}${suffix}`, {
      headers: { authorization: `Bearer ${gw.token}`, ...(accept ? { accept } : {}) },
    });

  describe('instances (PS3.18 §8.7.3.5.2)', () => {
    it('serves Explicit VR Little Endian, not the stored JPEG 2000, when Accept names no syntax (was: stored syntax)', async () => {
      const bare = await fetchRaw('j2k', ''); // no Accept header at all
      expect(bare.status).toBe(200);
      const text = Buffer.from(await bare.arrayBuffer()).toString('latin1');
      expect(text).toContain(`Content-Type: application/dicom; transfer-syntax=${TS.ExplicitVRLittleEndian}`);
      for (const accept of [DICOM, '*/*']) {
        const r = await get('j2k', accept);
        expect(r.status).toBe(200);
        expect(tsOf(r.parts[0])).toBe(TS.ExplicitVRLittleEndian);
        expect(pixelsOf(r.parts[0]).equals(pixelsOf(fixtures.get('mr')!.file))).toBe(true);
      }
    });

    it('answers transfer-syntax=1.2.840.10008.1.2.1 with 200 and a transcoded instance (was: 406)', async () => {
      const r = await get('jls', withTs(TS.ExplicitVRLittleEndian));
      expect(r.status).toBe(200);
      expect(r.type).toMatch(/^multipart\/related; type="application\/dicom"/);
      expect(tsOf(r.parts[0])).toBe(TS.ExplicitVRLittleEndian);
    });

    it('returns the stored bytes for transfer-syntax=*', async () => {
      const r = await get('j2k', withTs('*'));
      expect(tsOf(r.parts[0])).toBe(TS.JPEG2000Lossless);
      const again = await get('j2k', withTs('*'));
      expect(again.parts[0].equals(r.parts[0])).toBe(true);
      // The stored copy is de-identified, so compare pixel bit streams with what was sent.
      const sent = parsePart10(fixtures.get('j2k')!.file).dataset.get(Tag.PixelData)!.fragments!;
      const got = parsePart10(r.parts[0]).dataset.get(Tag.PixelData)!.fragments!;
      expect(Buffer.concat(got.slice(1)).equals(Buffer.concat(sent.slice(1)))).toBe(true);
    });

    it('never serves Implicit VR Little Endian, even when stored so and asked with *', async () => {
      expect(tsOf((await get('implicit', withTs('*'))).parts[0])).toBe(TS.ExplicitVRLittleEndian);
      expect((await get('implicit', withTs(TS.ImplicitVRLittleEndian))).status).toBe(406);
    });

    it.each(['rle', 'sv1', 'jls', 'j2k', 'jpeg14', 'implicit'])(
      'decodes lossless %s to exactly the original stored values',
      async (name) => {
        const part = (await get(name)).parts[0];
        const ds = parsePart10(part).dataset;
        expect(ds.get(Tag.PixelData)!.vr).toBe('OW');
        expect(pixelsOf(part).equals(pixelsOf(fixtures.get('mr')!.file))).toBe(true);
      },
    );

    it.each([
      ['jpeg12', 1],
      ['jlsnear', 0],
      ['dxjpeg', 1],
    ])('decodes lossy %s like dcmtk does and keeps Lossy Image Compression 01', async (name, tolerance) => {
      const part = (await get(name as string)).parts[0];
      const ds = parsePart10(part).dataset;
      expect(ds.string(0x00282110)).toBe('01');
      expect(maxDiff(pixelsOf(part), pixelsOf(fixtures.get(name as string)!.reference))).toBeLessThanOrEqual(
        tolerance as number,
      );
    });

    it('turns YBR_FULL_422 JPEG into RGB pixels and says so (PS3.5 §8.2.1)', async () => {
      const ds = parsePart10((await get('smjpeg')).parts[0]).dataset;
      expect(ds.string(Tag.PhotometricInterpretation)).toBe('RGB');
      expect(ds.number(0x00280006)).toBe(0);
      expect(ds.get(Tag.PixelData)!.value!.length).toBe(10 * 10 * 3 * 25);
      expect(ds.string(0x00282110)).toBe('01');
    });

    it('picks by q-value among explicit UIDs, and encodes to a lossless syntax when asked', async () => {
      const accept = `${withTs(TS.JPEGLSLossless)}; q=0.5, ${withTs(TS.ExplicitVRLittleEndian)}; q=0.9`;
      expect(tsOf((await get('j2k', accept)).parts[0])).toBe(TS.ExplicitVRLittleEndian);
      const rle = (await get('mr', withTs(TS.RLELossless))).parts[0];
      expect(tsOf(rle)).toBe(TS.RLELossless);
      expect(parsePart10(rle).dataset.get(Tag.PixelData)!.fragments!.length).toBe(2);
    });

    it('answers 406 only when no acceptable representation exists', async () => {
      expect((await get('j2k', withTs(TS.JPEG2000))).status).toBe(406);
      expect((await get('mr', withTs(TS.JPEGBaseline8Bit))).status).toBe(406);
      expect((await get('mr', `${withTs(TS.JPEGBaseline8Bit)}, ${withTs('*')};q=0.1`)).status).toBe(200);
    });
  });

  describe('frames (PS3.18 Table 8.7.3-5)', () => {
    const frames = '/frames/1';
    const OCTET = 'multipart/related; type="application/octet-stream"';

    it('serves an uncompressed frame as octet-stream, its stored values', async () => {
      for (const accept of [OCTET, `${OCTET}; transfer-syntax=*`, '*/*']) {
        const r = await get('mr', accept, frames);
        expect(r.status).toBe(200);
        expect(r.parts[0].equals(pixelsOf(fixtures.get('mr')!.file))).toBe(true);
      }
    });

    it('answers 406 to Accept: image/jpeg on an uncompressed frame (was: 200 with raw bytes)', async () => {
      expect((await get('mr', 'multipart/related; type="image/jpeg"', frames)).status).toBe(406);
      expect((await get('mr', 'multipart/related; type="image/jpeg"; transfer-syntax=*', frames)).status).toBe(406);
    });

    it('serves a JPEG 2000 frame as image/jp2, its own code stream (was: labelled octet-stream)', async () => {
      const res = await fetchRaw('j2k', frames, 'multipart/related; type="image/jp2"');
      expect(res.headers.get('content-type')).toMatch(/^multipart\/related; type="image\/jp2"/);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.toString('latin1')).toContain(`Content-Type: image/jp2; transfer-syntax=${TS.JPEG2000Lossless}`);
      const r = await get('j2k', 'multipart/related; type="image/jp2"', frames);
      expect(r.parts[0].subarray(0, 4).toString('hex')).toBe('ff4fff51'); // SOC + SIZ (ISO 15444-1 A.4)
    });

    it('decodes a JPEG 2000 frame when octet-stream is asked, labelled as Explicit VR Little Endian', async () => {
      const res = await fetchRaw('j2k', frames, `${OCTET}; transfer-syntax=*`);
      const text = Buffer.from(await res.arrayBuffer()).toString('latin1');
      expect(text).toContain(`Content-Type: application/octet-stream; transfer-syntax=${TS.ExplicitVRLittleEndian}`);
      const r = await get('j2k', OCTET, frames);
      expect(r.parts[0].equals(pixelsOf(fixtures.get('mr')!.file))).toBe(true);
    });

    it('serves JPEG, JPEG-LS and RLE frames under image/jpeg, image/jls and image/dicom-rle', async () => {
      const jpeg = await get('dxjpeg', 'multipart/related; type="image/jpeg"', frames);
      expect(jpeg.status).toBe(200);
      expect(jpeg.parts[0].subarray(0, 2).toString('hex')).toBe('ffd8');
      expect(
        (await get('jls', `multipart/related; type="image/jls"`, frames)).parts[0].subarray(0, 2).toString('hex'),
      ).toBe('ffd8');
      expect((await get('smrle', 'multipart/related; type="image/dicom-rle"', frames)).status).toBe(200);
    });

    it('encodes an uncompressed frame losslessly when image/jls or image/jp2 is asked, and answers x-jls as named', async () => {
      await initImagingCodecs();
      const original = pixelsOf(fixtures.get('mr')!.file);
      const pm = readPixelModule(parsePart10(fixtures.get('mr')!.file).dataset);
      for (const [type, ts] of [
        ['image/jls', TS.JPEGLSLossless],
        ['image/jp2', TS.JPEG2000Lossless],
        ['image/dicom-rle', TS.RLELossless],
      ]) {
        const res = await fetchRaw('mr', frames, `multipart/related; type="${type}"`);
        expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain(
          `Content-Type: ${type}; transfer-syntax=${ts}`,
        );
        const [stream] = (await get('mr', `multipart/related; type="${type}"`, frames)).parts;
        expect(decodeFrame(stream, ts, pm).pixels.equals(original)).toBe(true);
      }
      const legacy = await fetchRaw('jls', frames, 'multipart/related; type="image/x-jls"');
      expect(Buffer.from(await legacy.arrayBuffer()).toString('latin1')).toContain(
        `Content-Type: image/x-jls; transfer-syntax=${TS.JPEGLSLossless}`,
      );
    });

    it('returns the frames asked for of a multi-frame RLE instance, decoded', async () => {
      const r = await get('smrle', OCTET, '/frames/1,25');
      const all = pixelsOf(fixtures.get('smrle')!.reference);
      expect(r.parts).toHaveLength(2);
      expect(r.parts[0].equals(all.subarray(0, 300))).toBe(true);
      expect(r.parts[1].equals(all.subarray(24 * 300, 25 * 300))).toBe(true);
      expect((await get('smrle', OCTET, '/frames/26')).status).toBe(400);
    });
  });

  it('serves the BulkDataURI of Pixel Data that the metadata gives (PS3.18 §10.4.1.1.4)', async () => {
    const res = await fetchRaw('j2k', '/metadata', 'application/dicom+json');
    const [meta] = (await res.json()) as Json[];
    const uri = String((meta['7FE00010'] as { BulkDataURI: string }).BulkDataURI);
    expect(uri).toBe(`${urls.get('j2k')}/bulkdata/7FE00010`);
    const r = await getParts(uri, 'multipart/related; type="application/octet-stream"');
    expect(r.parts[0].equals(pixelsOf(fixtures.get('mr')!.file))).toBe(true);
  });

  describe('rendered and thumbnail (PS3.18 §10.4.1.1.3, §10.4.1.1.5)', () => {
    const study = (name: string) => urls.get(name)!.replace(/\/series\/.*$/, '');
    const series = (name: string) => urls.get(name)!.replace(/\/instances\/.*$/, '');
    const image = async (url: string, accept?: string) => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${gw.token}`, ...(accept ? { accept } : {}) } });
      return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
    };

    it('renders an instance as JPEG by default and as PNG on request, scaled into the viewport', async () => {
      const jpeg = await image(`${urls.get('j2k')}/rendered`);
      expect(jpeg.type).toBe('image/jpeg');
      expect(jpeg.body.subarray(0, 2).toString('hex')).toBe('ffd8');
      const png = decodePng((await image(`${urls.get('j2k')}/rendered?viewport=192,100`, 'image/png')).body);
      expect([png.width, png.height, png.channels]).toEqual([100, 100, 1]);
    });

    it('applies window=center,width from the query', async () => {
      const narrow = decodePng((await image(`${urls.get('mr')}/rendered?window=0,1`, 'image/png')).body);
      // Width 1 at centre 0: every stored value above 0 is white.
      const stored = pixelsOf(fixtures.get('mr')!.file);
      const i = [...Array(384 * 384).keys()].find((k) => stored.readUInt16LE(2 * k) > 0)!;
      expect(narrow.data[i]).toBe(255);
      expect((await image(`${urls.get('mr')}/rendered?window=abc`)).status).toBe(400);
    });

    it('inverts MONOCHROME1 (its lowest stored value renders brightest)', async () => {
      const png = decodePng((await image(`${urls.get('dx')}/rendered`, 'image/png')).body);
      const stored = pixelsOf(fixtures.get('dx')!.file);
      const lo = stored.indexOf(Math.min(...stored));
      const hi = stored.indexOf(Math.max(...stored));
      expect(png.data[lo]).toBeGreaterThan(png.data[hi]);
    });

    it('renders RGB multi-frame frames in colour, one part per frame', async () => {
      const r = await getParts(`${urls.get('smrle')}/frames/1,2/rendered`, 'multipart/related; type="image/png"');
      expect(r.parts).toHaveLength(2);
      expect(decodePng(r.parts[0]).channels).toBe(3);
    });

    it('gives study, series, instance and frame thumbnails of at most 128 px; a series shows its middle instance', async () => {
      for (const url of [study('sv1'), series('sv1'), urls.get('sv1')!, `${urls.get('sv1')}/frames/1`]) {
        const t = await image(`${url}/thumbnail`, 'image/png');
        expect(t.status).toBe(200);
        const png = decodePng(t.body);
        expect(Math.max(png.width, png.height)).toBe(128);
      }
      // smrle and smjpeg are one series (both made from the same SM): the series shows frame 13 of 25 of one of them.
      const seriesThumb = await image(`${series('smrle')}/thumbnail`, 'image/png');
      const middles = await Promise.all(
        ['smrle', 'smjpeg'].map(async (n) => (await image(`${urls.get(n)}/frames/13/thumbnail`, 'image/png')).body),
      );
      expect(middles.some((m) => m.equals(seriesThumb.body))).toBe(true);
      const firstFrame = await image(`${urls.get('smrle')}/frames/1/thumbnail`, 'image/png');
      expect(firstFrame.body.equals(middles[0])).toBe(false);
    });

    it('answers 406 for a rendered type it does not make', async () => {
      expect((await image(`${urls.get('mr')}/rendered`, 'image/gif')).status).toBe(406);
    });
  });
});
