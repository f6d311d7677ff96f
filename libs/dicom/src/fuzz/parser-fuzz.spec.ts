/**
 * Issue 13 §6, the in-process slice run by `npm test`: a fixed-seed set of mutated inputs through
 * parsePart10 / parseDataset. Each must end in success or a DicomError with one of the parser's
 * codes, never another exception. No timing is asserted (STYLE "Tests"); the outcome counts are.
 * `npm run fuzz` runs the same targets for 100,000 cases and more.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DICOM_ERROR_CODES } from '../errors';
import type { ParseLimits } from '../parse-limits';
import { DicomMutator } from './dicom-mutator';
import { parseCase, parseRaw, type TargetResult } from './parser-target';

const SHARED_DATA = process.env.DELINEO_SHARED_DATA ?? path.resolve(__dirname, '../../../../../shared/data');
const CORPUS = path.resolve(__dirname, '../../../../test-data/fuzz-corpus/parser');
/** Small bounds, so that each is met by small inputs too (the CLI runs one case in four under them). */
const TIGHT: ParseLimits = {
  maxDepth: 4,
  maxElements: 1000,
  maxItems: 100,
  maxInflatedBytes: 16_384,
  maxInflateRatio: 2,
};
const CODED = new Set<string>(['ok', ...DICOM_ERROR_CODES, ...DICOM_ERROR_CODES.map((c) => `roundtrip:${c}`)]);

function run(mutator: DicomMutator, from: number, n: number, limits?: ParseLimits) {
  const outcomes = new Map<string, number>();
  const crashes: { index: number; mutations: string[]; error: string }[] = [];
  for (let i = from; i < from + n; i++) {
    const c = mutator.case(i);
    const r: TargetResult = parseCase(c, limits);
    outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    if (!CODED.has(r.outcome)) crashes.push({ index: i, mutations: c.mutations, error: String(r.error) });
  }
  return { outcomes, crashes };
}

function realFiles(): { name: string; bytes: Buffer }[] {
  if (!existsSync(SHARED_DATA)) return [];
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) =>
      statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)],
    );
  return walk(SHARED_DATA)
    .sort()
    .filter((f, i) => i % 40 === 0 && statSync(f).size < 256 * 1024)
    .map((f) => ({ name: path.basename(f), bytes: readFileSync(f) }));
}

describe('parser fuzz slice (fixed seeds)', () => {
  it('ends 3,000 mutated built-in seeds in success or a coded DicomError, reaching every bound', () => {
    const { outcomes, crashes } = run(new DicomMutator({ seed: 0x13 }), 0, 3000);
    expect(crashes).toEqual([]);
    const expected = [
      'ok',
      'dicom/malformed',
      'dicom/truncated',
      'dicom/not-part10',
      'dicom/too-deep',
      'dicom/inflate-limit',
    ];
    expect(expected.filter((code) => !outcomes.get(code))).toEqual([]);
  });

  it('does the same under tight parse limits, where every bound is met by small inputs', () => {
    const { outcomes, crashes } = run(new DicomMutator({ seed: 0x14 }), 0, 1500, TIGHT);
    expect(crashes).toEqual([]);
    const expected = ['dicom/too-deep', 'dicom/too-many-items', 'dicom/inflate-limit', 'dicom/too-many-elements'];
    expect(expected.filter((code) => !outcomes.get(code))).toEqual([]);
  });

  const files = realFiles();
  // With DELINEO_REQUIRE_PEERS=1 (CI) missing reference data is a failure, not a skip.
  (files.length || process.env.DELINEO_REQUIRE_PEERS === '1' ? it : it.skip)(
    'does the same starting from real files in ../shared/data',
    () => {
      const mutator = new DicomMutator({ seed: 0x15, files });
      expect(mutator.seeds.length).toBeGreaterThan(6);
      const { crashes } = run(mutator, 0, 1000);
      expect(crashes).toEqual([]);
    },
  );
});

describe('fuzz corpus (test-data/fuzz-corpus/parser)', () => {
  const inputs = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => /^[0-9a-f]{40}$/.test(f)) : [];

  it('names every input by its SHA-1', () => {
    for (const name of inputs)
      expect(
        createHash('sha1')
          .update(readFileSync(path.join(CORPUS, name)))
          .digest('hex'),
      ).toBe(name);
  });

  // One test over the whole directory (it may be empty when no parser input ever failed): never a
  // skipped test in CI.
  it(`replays every input (${inputs.length}) to success or coded errors only`, () => {
    const uncoded = inputs.flatMap((name) =>
      parseRaw(readFileSync(path.join(CORPUS, name)))
        .filter((r) => !CODED.has(r.outcome))
        .map((r) => `${name}: ${String(r.error)}`),
    );
    expect(uncoded).toEqual([]);
  });
});
