import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RetrievalRow } from '@delineo/db';
import { DEFAULT_PARSE_LIMITS, parsePart10, TransferSyntax as TS } from '@delineo/dicom';
import { DicomWebError } from '@delineo/dicomweb';
import { InflightBudget } from '../ingest/inflight-budget';
import type { ArchiveReader } from './archive-reader.service';
import { WadoPixels } from './wado-pixels.service';

const J2K = readFileSync(resolve(__dirname, '../../../../../shared/data/dcm_qa_ts/9.dcm'));
const NATIVE_BYTES = 384 * 384 * 2;
const row = { transferSyntaxUid: TS.JPEG2000Lossless } as RetrievalRow;
const EXPLICIT = { partType: 'application/dicom', transferSyntax: TS.ExplicitVRLittleEndian };

function setup(budget: InflightBudget, maxInflatedBytes = DEFAULT_PARSE_LIMITS.maxInflatedBytes): WadoPixels {
  const reader = {
    read: async () => J2K,
    parse: async () => parsePart10(J2K),
  } as unknown as ArchiveReader;
  return new WadoPixels(reader, { limits: { parse: { ...DEFAULT_PARSE_LIMITS, maxInflatedBytes } } } as never, budget);
}

describe('WadoPixels memory bounds', () => {
  it('holds the decoded size in the shared in-flight budget while transcoding, and gives it back', async () => {
    const budget = new InflightBudget(1024 ** 3);
    const seen: number[] = [];
    const take = budget.take.bind(budget);
    budget.take = (h, n) => {
      seen.push(n);
      return take(h, n);
    };
    const out = await setup(budget).instance(row, EXPLICIT);
    expect(parsePart10(out).transferSyntaxUid).toBe(TS.ExplicitVRLittleEndian);
    expect(seen).toEqual([NATIVE_BYTES]);
    expect(budget.inUse).toBe(0);
  });

  it('waits while an older receive holds the budget, then transcodes', async () => {
    const budget = new InflightBudget(NATIVE_BYTES);
    const older = budget.hold();
    older.add(NATIVE_BYTES);
    let done = false;
    const pending = setup(budget)
      .instance(row, EXPLICIT)
      .then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    older.release();
    await pending;
    expect(done).toBe(true);
    expect(budget.inUse).toBe(0);
  });

  it('answers 406 (not-acceptable) past limits.parse.maxInflatedBytes, holding nothing afterwards', async () => {
    const budget = new InflightBudget(1024 ** 3);
    await expect(setup(budget, 1000).instance(row, EXPLICIT)).rejects.toMatchObject({
      code: 'dicomweb/not-acceptable',
    });
    await expect(setup(budget, 1000).instance(row, EXPLICIT)).rejects.toBeInstanceOf(DicomWebError);
    expect(budget.inUse).toBe(0);
  });
});
