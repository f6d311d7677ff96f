import { DEFAULT_PARSE_LIMITS, Tag, TransferSyntax, type Dataset, type ParseLimits } from '@delineo/dicom';
import { FailureReason, StowResponseBuilder, type MultipartPart } from '@delineo/dicomweb';
import { IngestGate } from '../ingest/ingest-gate';
import type { IngestService, Part10Outcome } from '../ingest/ingest.service';
import type { StowTicket } from './stow-admission';
import { StowIngest, type Receipt } from './stow-ingest';
import { receiveDicomJson } from './stow-json';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const URL_ = 'http://gw/dicomweb/studies';

function instance(sop: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '00080016': { vr: 'UI', Value: [CT] },
    '00080018': { vr: 'UI', Value: [sop] },
    '0020000D': { vr: 'UI', Value: ['1.2.3'] },
    '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
    ...extra,
  };
}

const PIXELS = {
  '00280002': { vr: 'US', Value: [1] },
  '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
  '00280010': { vr: 'US', Value: [1] },
  '00280011': { vr: 'US', Value: [2] },
  '00280100': { vr: 'US', Value: [16] },
  '7FE00010': { vr: 'OW', BulkDataURI: 'px/1' },
};

const metadata = (json: unknown): MultipartPart => ({
  headers: { 'content-type': 'application/dicom+json' },
  body: Buffer.from(JSON.stringify(json)),
});
const bulk = (location: string, body: Buffer, type = 'application/octet-stream'): MultipartPart => ({
  headers: { 'content-type': type, 'content-location': location },
  body,
});

async function* stream(parts: MultipartPart[], log: string[]): AsyncGenerator<MultipartPart> {
  for (const [i, p] of parts.entries()) {
    log.push(`part ${i}`);
    yield p;
  }
}

function setup(limits: ParseLimits = DEFAULT_PARSE_LIMITS) {
  const log: string[] = [];
  const ingested: { ds: Dataset; ts: string }[] = [];
  const gate = new IngestGate(1);
  const ingest = {
    tryIngestPart10: jest.fn(),
    tryIngestDataset: async (ds: Dataset, ts: string): Promise<Part10Outcome> => {
      log.push(`ingest in slot ${gate.active}`);
      ingested.push({ ds, ts });
      const sop = ds.string(Tag.SOPInstanceUID)!;
      const result = {
        sopClassUid: CT,
        sopInstanceUid: `2.25.${sop.length}`,
        studyInstanceUid: '2.25.1',
        seriesInstanceUid: '2.25.2',
      };
      return { ok: true, result: { ...result, outcome: 'created' } };
    },
  } as unknown as IngestService;
  const stow = new StowIngest(ingest, gate, { limits: { parse: limits } } as never);
  const ticket: StowTicket = {
    onBytes: () => undefined,
    settle: () => void log.push('settle'),
    release: () => undefined,
  };
  const r: Receipt = {
    builder: new StowResponseBuilder(),
    base: 'http://gw/dicomweb',
    study: undefined,
    source: undefined,
  };
  const run = (parts: MultipartPart[]) => receiveDicomJson(stream(parts, log), ticket, r, stow, URL_);
  const failed = () => {
    const body = r.builder.build().body as Record<string, { Value?: Record<string, { Value?: unknown[] }>[] }>;
    return (body['00081198']?.Value ?? []).map((i) => [i['00081197']?.Value?.[0], i['00081155']?.Value?.[0]]);
  };
  return { log, ingested, run, r, failed };
}

describe('receiveDicomJson (STOW-RS metadata and bulk data, PS3.18 §10.5.1.4)', () => {
  it('builds each instance once every part is in, holding the bulk data in the budget until then', async () => {
    const t = setup();
    await t.run([metadata([instance('1.9', PIXELS)]), bulk('px/1', Buffer.from([1, 0, 2, 0]))]);
    // Nothing is given back to the in-flight budget while a bulk part may still be referenced.
    // ...and the JSON is parsed and its instance ingested inside an ingest-gate slot.
    expect(t.log).toEqual(['part 0', 'part 1', 'ingest in slot 1']);
    expect(t.ingested).toHaveLength(1);
    expect(t.ingested[0].ts).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(t.ingested[0].ds.get(Tag.PixelData)!.value).toEqual(Buffer.from([1, 0, 2, 0]));
    expect(t.r.builder.counts()).toEqual({ stored: 1, failed: 0 });
  });

  it('fails an instance whose BulkDataURI names no part with C000 and its own UIDs; the others are stored', async () => {
    const t = setup();
    await t.run([metadata([instance('1.9', PIXELS), instance('1.8')])]);
    expect(t.failed()).toEqual([[FailureReason.CannotUnderstand, '1.9']]);
    expect(t.r.builder.counts()).toEqual({ stored: 1, failed: 1 });
  });

  it('fails Pixel Data without its Image Pixel Description (not derived from the bitstream)', async () => {
    const t = setup();
    const noRows = { ...PIXELS, '00280010': undefined };
    await t.run([metadata([instance('1.7', noRows)]), bulk('px/1', Buffer.alloc(4))]);
    expect(t.failed()).toEqual([[FailureReason.CannotUnderstand, '1.7']]);
  });

  it('stores compressed Pixel Data from one part per frame, and fails it when a frame is missing', async () => {
    const t = setup();
    const jpeg = 'image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50';
    const twoFrames = { ...PIXELS, '00280008': { vr: 'IS', Value: [2] } };
    const frame = (n: number) => bulk('px/1', Buffer.from([0xff, 0xd8, n]), jpeg);
    await t.run([metadata([instance('1.4', twoFrames)]), frame(1), frame(2)]);
    expect(t.ingested.map((i) => i.ts)).toEqual([TransferSyntax.JPEGBaseline8Bit]);
    expect(t.ingested[0].ds.get(Tag.PixelData)!.fragments).toEqual([
      Buffer.alloc(0),
      Buffer.from([0xff, 0xd8, 1]),
      Buffer.from([0xff, 0xd8, 2]),
    ]);
    const short = setup();
    await short.run([metadata([instance('1.3', twoFrames)]), frame(1)]);
    expect(short.failed()).toEqual([[FailureReason.CannotUnderstand, '1.3']]);
  });

  it('answers one C000 for a JSON bomb, without ingesting, and stops holding the parts after it', async () => {
    const t = setup();
    const bomb: MultipartPart = { headers: {}, body: Buffer.from('['.repeat(100_000)) };
    await t.run([bomb, bulk('a', Buffer.alloc(8)), bulk('b', Buffer.alloc(8))]);
    expect(t.failed()).toEqual([[FailureReason.CannotUnderstand, undefined]]);
    expect(t.log).toEqual(['part 0', 'settle', 'part 1', 'settle', 'part 2', 'settle']);
    expect(t.ingested).toHaveLength(0);
  });

  it('fails every instance, with its UIDs, when the bulk parts exceed what may be held', async () => {
    const t = setup({ ...DEFAULT_PARSE_LIMITS, maxItems: 1 });
    const parts = [
      metadata([instance('1.5'), instance('1.6')]),
      bulk('a', Buffer.alloc(2)),
      bulk('b', Buffer.alloc(2)),
    ];
    await t.run([...parts, bulk('c', Buffer.alloc(2))]);
    // From the part that crossed the bound on, each part is given back as soon as it is read.
    expect(t.log).toEqual(['part 0', 'part 1', 'part 2', 'settle', 'part 3', 'settle']);
    expect(t.failed()).toEqual([
      [FailureReason.CannotUnderstand, '1.5'],
      [FailureReason.CannotUnderstand, '1.6'],
    ]);
    expect(t.ingested).toHaveLength(0);
  });

  it('refuses a request whose first part is not the DICOM JSON metadata (415)', async () => {
    const t = setup();
    await expect(t.run([bulk('a', Buffer.alloc(2))])).rejects.toMatchObject({ code: 'dicomweb/bad-content-type' });
    await expect(t.run([])).rejects.toMatchObject({ code: 'dicomweb/malformed-multipart' });
  });
});
