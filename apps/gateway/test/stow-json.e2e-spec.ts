/**
 * STOW-RS with DICOM JSON metadata and bulk data (PS3.18 §10.5.1.4) against the real gateway: a real
 * CT sent as JSON + an octet-stream part, and a real JPEG 2000 slice sent as JSON + an image/jp2
 * part, are stored as the same de-identified instances their Part 10 files give (same pseudonymized
 * UIDs, same attributes, same pixels as WADO-RS serves them); bad metadata fails per instance with
 * the sender's UIDs, and a JSON bomb is one 0xC000, never a crash.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Dataset, parsePart10, Tag, type DicomElement } from '@delineo/dicom';
import { toDicomJson } from '@delineo/dicomweb';
import { first, getJson, getParts, items, postRaw, stow, type Json } from './dicomweb-client';
import { objectFiles, randomSecrets, shared, startTestGateway, type TestGateway } from './harness';

const CT = readFileSync(shared('pydicom-debian/CT_small.dcm'));
const J2K = readFileSync(shared('dcm_qa_ts/9.dcm')); // JPEG 2000 Lossless Only
const FAILED = '00081198';
const REFERENCED = '00081199';
const C000 = 0xc000;
const A900 = 0xa900;

interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** multipart/related; type="application/dicom+json": the metadata array, then the bulk data parts. */
function jsonStowBody(metadata: unknown, bulk: Part[]): { body: Buffer; contentType: string } {
  const b = `j-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  const parts = [
    { headers: { 'Content-Type': 'application/dicom+json' }, body: Buffer.from(JSON.stringify(metadata)) },
    ...bulk,
  ];
  for (const p of parts) {
    const head = Object.entries(p.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    chunks.push(Buffer.from(`--${b}\r\n${head}\r\n`), p.body, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${b}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="application/dicom+json"; boundary=${b}`,
  };
}

/** The Part 10 file as DICOM JSON with its Pixel Data as bulk data (what a JSON STOW client sends). */
function asJson(file: Buffer, pixelUri: string): { json: Json; pixels: Buffer[]; ts: string } {
  const { dataset, transferSyntaxUid } = parsePart10(file);
  const json = toDicomJson(dataset, {
    bulkDataUri: (tag, path) => (tag === Tag.PixelData && path.length === 0 ? pixelUri : undefined),
  });
  const px = dataset.get(Tag.PixelData)!;
  // Compressed: one frame, its fragments joined (PS3.18 §8.7.3.3.2: no fragment delimiters).
  const pixels = px.fragments ? [Buffer.concat(px.fragments.slice(1))] : [px.value!];
  return { json: JSON.parse(JSON.stringify(json)) as Json, pixels, ts: transferSyntaxUid };
}

const failed = (body: Json) =>
  items(body, FAILED).map((i) => ({
    reason: Number(first(i, '00081197')),
    cls: first(i, '00081150'),
    sop: first(i, '00081155'),
  }));

/** Pixel bytes of a dataset however WADO-RS encoded it (native value, or fragments joined). */
const pixelBytes = (el: DicomElement): Buffer => (el.fragments ? Buffer.concat(el.fragments.slice(1)) : el.value!);

/** Two datasets hold the same elements; DS/IS as numbers (the JSON model carries Numbers, F.2.3). */
function expectSame(actual: Dataset, expected: Dataset): void {
  expect(actual.tags().sort()).toEqual(expected.tags().sort());
  for (const e of expected.sorted()) {
    const a = actual.get(e.tag)!;
    if (e.tag === Tag.PixelData) expect(pixelBytes(a).equals(pixelBytes(e))).toBe(true);
    else if (e.items) {
      expect(a.items).toHaveLength(e.items.length);
      e.items.forEach((item, i) => expectSame(a.items![i], item));
    } else if (e.vr === 'DS' || e.vr === 'IS')
      expect([e.tag, actual.numbers(e.tag)]).toEqual([e.tag, expected.numbers(e.tag)]);
    else expect([e.tag, a.vr, a.value]).toEqual([e.tag, e.vr, e.value]);
  }
}

describe('STOW-RS with DICOM JSON metadata and bulk data', () => {
  let gw: TestGateway;
  let url: string;
  beforeAll(async () => {
    gw = await startTestGateway({ env: randomSecrets() });
    url = `${gw.http}/dicomweb/studies`;
  });
  afterAll(() => gw?.close());

  const retrieve = async (retrieveUrl: string): Promise<Dataset> => {
    const r = await getParts(retrieveUrl, 'multipart/related; type="application/dicom"');
    expect([r.status, r.parts.length]).toEqual([200, 1]);
    return parsePart10(r.parts[0]).dataset;
  };

  /** Part 10 first, then the same instance as JSON: same pseudonyms, same stored dataset. */
  async function sameAsPart10(
    file: Buffer,
    pixelPart: (pixels: Buffer) => Part[],
  ): Promise<{ ds: Dataset; at: string }> {
    const p10 = await stow(url, [file]);
    expect(p10.status).toBe(202);
    const [ref] = items(p10.body, REFERENCED);
    const fromPart10 = await retrieve(String(first(ref, '00081190')));
    const { json, pixels } = asJson(file, 'bulk/pixels');
    const { body, contentType } = jsonStowBody([json], pixelPart(pixels[0]));
    const r = await postRaw(url, body, contentType);
    expect(r.contentType).toBe('application/dicom+json');
    expect(r.status).toBe(202); // stored, with Warning B000 (coerced: de-identified)
    expect(r.body[FAILED]).toBeUndefined();
    const [jsonRef] = items(r.body, REFERENCED);
    // The same keyed pseudonyms: the same instance, study and series as the Part 10 ingest.
    expect(first(jsonRef, '00081155')).toBe(first(ref, '00081155'));
    expect(first(jsonRef, '00081190')).toBe(first(ref, '00081190'));
    const fromJson = await retrieve(String(first(jsonRef, '00081190')));
    expectSame(fromJson, fromPart10);
    return { ds: fromJson, at: String(first(jsonRef, '00081190')) };
  }

  it('stores a real CT sent as JSON + an application/octet-stream part exactly as its Part 10 file', async () => {
    const original = parsePart10(CT).dataset;
    const { ds: stored } = await sameAsPart10(CT, (px) => [
      { headers: { 'Content-Type': 'application/octet-stream', 'Content-Location': 'bulk/pixels' }, body: px },
    ]);
    expect(stored.get(Tag.PixelData)!.value!.equals(original.get(Tag.PixelData)!.value!)).toBe(true);
    expect(stored.string(Tag.PatientName)).not.toBe(original.string(Tag.PatientName)); // de-identified
    expect(stored.string(Tag.SOPInstanceUID)).not.toBe(original.string(Tag.SOPInstanceUID));
    expect((await getJson(`${gw.http}/dicomweb/instances`)).body).toHaveLength(1); // one instance, not two
  });

  it('stores a real JPEG 2000 slice sent as JSON + an image/jp2 part with its transfer-syntax parameter', async () => {
    const { transferSyntaxUid } = parsePart10(J2K);
    const { at } = await sameAsPart10(J2K, (px) => [
      {
        headers: {
          'Content-Type': `image/jp2; transfer-syntax=${transferSyntaxUid}`,
          'Content-Location': `${url}/../bulk/pixels`,
        },
        body: px,
      },
    ]);
    // Stored as sent: the codestream of the image/jp2 part, in the syntax its parameter named.
    const asStored = await getParts(at, 'multipart/related; type="application/dicom"; transfer-syntax=*');
    const { dataset, transferSyntaxUid: storedSyntax } = parsePart10(asStored.parts[0]);
    expect(storedSyntax).toBe(transferSyntaxUid);
    expect(pixelBytes(dataset.get(Tag.PixelData)!).equals(asJson(J2K, 'x').pixels[0])).toBe(true);
  });

  it('fails bad instances one by one with their own UIDs, storing the good one (202)', async () => {
    const before = objectFiles(gw.dataDir).length;
    const good = asJson(CT, 'unused').json;
    good['00080018'] = { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999.77'] };
    good['7FE00010'] = {
      vr: 'OW',
      InlineBinary: parsePart10(CT).dataset.get(Tag.PixelData)!.value!.toString('base64'),
    };
    const unresolved = {
      ...good,
      '00080018': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999.78'] },
      '7FE00010': { vr: 'OW', BulkDataURI: 'nowhere' },
    };
    const noInstanceUid = { ...good };
    delete noInstanceUid['00080018'];
    const { body, contentType } = jsonStowBody([unresolved, good, noInstanceUid], []);
    const r = await postRaw(url, body, contentType);
    expect(r.status).toBe(202);
    expect(failed(r.body)).toEqual([
      { reason: C000, cls: '1.2.840.10008.5.1.4.1.1.2', sop: '1.2.826.0.1.3680043.10.999.78' },
      { reason: A900, cls: '1.2.840.10008.5.1.4.1.1.2', sop: undefined },
    ]);
    expect(items(r.body, REFERENCED)).toHaveLength(1);
    expect(objectFiles(gw.dataDir).length).toBe(before + 1);
  });

  it('answers a JSON bomb (deep nesting, or a flood of objects) with one 0xC000, and goes on serving', async () => {
    for (const metadata of [Buffer.from('['.repeat(2_000_000)), Buffer.from(`[${'{},'.repeat(4_500_000)}{}]`)]) {
      const b = 'bomb';
      const body = Buffer.concat([
        Buffer.from(`--${b}\r\nContent-Type: application/dicom+json\r\n\r\n`),
        metadata,
        Buffer.from(`\r\n--${b}--\r\n`),
      ]);
      const r = await postRaw(url, body, `multipart/related; type="application/dicom+json"; boundary=${b}`);
      expect(r.status).toBe(409);
      expect(r.contentType).toBe('application/dicom+json');
      expect(failed(r.body)).toEqual([{ reason: C000, cls: undefined, sop: undefined }]);
    }
    expect((await getJson(`${gw.http}/dicomweb/instances`)).status).toBe(200);
  });

  it('answers 415 for XML metadata, and for a JSON request whose first part is not the metadata', async () => {
    const xml = await postRaw(
      url,
      Buffer.from('--x\r\n\r\n<x/>\r\n--x--\r\n'),
      'multipart/related; type="application/dicom+xml"; boundary=x',
    );
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ code: 'dicomweb/bad-content-type' });
    const { body, contentType } = jsonStowBody([], []);
    const swapped = body
      .toString('latin1')
      .replace('Content-Type: application/dicom+json', 'Content-Type: application/dicom');
    const r = await postRaw(url, Buffer.from(swapped, 'latin1'), contentType);
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({ code: 'dicomweb/bad-content-type' });
  });
});
