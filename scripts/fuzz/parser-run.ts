/**
 * The in-process target: cases through libs/dicom's parser. One case in four runs under tight
 * ParseLimits, so that each bound (depth, elements, items, inflated size and ratio) is met by small
 * inputs too, not only by the rare huge one.
 */
import type { ParseLimits } from '@delineo/dicom';
import { DicomMutator, parseCase } from '../../libs/dicom/src/fuzz';
import { saveToCorpus } from './corpus';
import { newTally, record, type Tally } from './tally';

export const TIGHT_LIMITS: ParseLimits = {
  maxDepth: 4,
  maxElements: 1000,
  maxItems: 100,
  maxInflatedBytes: 16_384,
  maxInflateRatio: 2,
};

export interface ParserRunOptions {
  seed: number;
  cases: number;
  from?: number;
  files?: readonly { name: string; bytes: Buffer }[];
  save?: boolean;
  /** Called every 10,000 cases. */
  progress?: (done: number) => void;
}

export function runParser(o: ParserRunOptions): Tally {
  const t = newTally('parser');
  const started = performance.now();
  const mutator = new DicomMutator({ seed: o.seed, files: o.files });
  const from = o.from ?? 0;
  for (let i = from; i < from + o.cases; i++) {
    const c = mutator.case(i);
    const r = parseCase(c, i % 4 === 3 ? TIGHT_LIMITS : undefined);
    const failure = r.outcome === 'crash' ? `uncoded ${describe(r.error)}` : undefined;
    record(t, i, r.outcome, r.ms, c.mutations, failure);
    if (failure && o.save) saveToCorpus('parser', c.bytes);
    if ((i - from + 1) % 10_000 === 0) o.progress?.(i - from + 1);
  }
  t.seconds = (performance.now() - started) / 1000;
  return t;
}

function describe(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  return `${e?.name ?? typeof err}${e?.code ? ` ${e.code}` : ''}: ${String(e?.message ?? err).slice(0, 200)}`;
}
