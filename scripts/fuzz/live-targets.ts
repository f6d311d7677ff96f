/**
 * The live targets: mutated C-STOREs and DIMSE conversations on raw sockets, and mutated STOW-RS
 * requests, against a gateway child process (test-support/gateway-process.ts), a few at a time.
 * A case fails when the gateway exits, logs an uncoded error while the case runs, answers with a
 * malformed PDU, does not close after our FIN, or (STOW) answers 5xx other than 503 or without JSON.
 */
import { parseDataset, parsePart10, Tag } from '@delineo/dicom';
import { type DicomCase, DicomMutator, type PduCase, PduMutator, Prng } from '../../libs/dicom/src/fuzz';
import type { GatewayProcess } from '../../test-support/gateway-process';
import { saveToCorpus } from './corpus';
import type { LogWatch } from './log-watch';
import { converse, summarize } from './dimse-client';
import { stow } from './stow-client';
import { newTally, record, type Tally } from './tally';

export interface LiveOptions {
  gw: GatewayProcess;
  watch: LogWatch;
  seed: number;
  cases: number;
  /** First case index (a slice of a longer run). */
  from?: number;
  concurrency: number;
  /** Keep failing inputs in test-data/fuzz-corpus. */
  save?: boolean;
  /** Real files for the dataset mutator. */
  files?: readonly { name: string; bytes: Buffer }[];
  /** Cases not to run, with the reason (a known open bug they would only find again). */
  skip?: (mutations: string[]) => string | undefined;
  /** Called every `every` cases. */
  progress?: { every: number; report(target: string, done: number): void };
}

async function pool(from: number, n: number, concurrency: number, run: (i: number) => Promise<void>): Promise<void> {
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < from + n) await run(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function sopInstanceOf(c: DicomCase): string | undefined {
  try {
    const ds = c.mode === 'part10' ? parsePart10(c.bytes).dataset : parseDataset(c.bytes, c.transferSyntaxUid);
    return ds.string(Tag.SOPInstanceUID);
  } catch {
    return undefined;
  }
}

/** Even cases: a mutated conversation around a valid C-STORE. Odd: a valid one carrying a mutated dataset. */
export function cstoreCase(i: number, dicom: DicomMutator, pdus: PduMutator): PduCase {
  if (i % 2 === 0) return pdus.case(i);
  const d = dicom.case(i);
  const payload = {
    bytes: d.bytes,
    transferSyntaxUid: d.transferSyntaxUid,
    sopInstanceUid: sopInstanceOf(d) ?? '2.25.1',
  };
  return { ...pdus.valid(i, payload), mutations: d.mutations.map((m) => `dataset:${m}`) };
}

interface LiveCase {
  mutations: string[];
  /** What goes to the corpus if it fails. */
  input: Buffer;
  run(): Promise<{ outcome: string; ms: number; failure?: string }>;
}

/** An uncoded log line this long after a case ended may still be that case's. */
const LOG_LAG_MS = 300;

async function runLive(o: LiveOptions, target: 'cstore' | 'stow', make: (i: number) => LiveCase): Promise<Tally> {
  const t = newTally(target);
  const started = performance.now();
  const spans: [number, number, number][] = [];
  await pool(o.from ?? 0, o.cases, o.concurrency, async (i) => {
    const c = make(i);
    const skipped = o.skip?.(c.mutations);
    if (skipped) return void record(t, i, `skipped (${skipped})`, 0, c.mutations);
    const begin = performance.now();
    const r = await c.run();
    spans.push([i, begin, performance.now()]);
    const failure = o.gw.alive() ? r.failure : 'the gateway exited';
    record(t, i, r.outcome, r.ms, c.mutations, failure);
    if (failure && o.save) saveToCorpus(target === 'stow' ? 'stow' : 'dimse', c.input);
    if (o.progress && t.cases % o.progress.every === 0) o.progress.report(target, t.cases);
  });
  // Concurrent cases share one log: replay each case that overlapped an uncoded line alone.
  const suspects = spans.filter(([, a, b]) => o.watch.times.some((at) => at >= a && at <= b + LOG_LAG_MS));
  for (const [i] of suspects.slice(0, 200)) {
    const c = make(i);
    const before = o.watch.uncoded;
    await c.run();
    await new Promise((r) => setTimeout(r, LOG_LAG_MS));
    if (o.watch.uncoded === before) continue;
    const why = `uncoded error in the gateway log (${o.watch.signatures.slice(before).join('; ')})`;
    t.failures.push({ index: i, why, mutations: c.mutations });
    if (o.save) saveToCorpus(target === 'stow' ? 'stow' : 'dimse', c.input);
  }
  t.seconds = (performance.now() - started) / 1000;
  return t;
}

export function runCStore(o: LiveOptions): Promise<Tally> {
  const dicom = new DicomMutator({ seed: o.seed, uniqueUids: true, mode: 'dataset', files: o.files });
  const pdus = new PduMutator(o.seed);
  return runLive(o, 'cstore', (i) => {
    const c = cstoreCase(i, dicom, pdus);
    return {
      mutations: c.mutations,
      input: Buffer.concat(c.steps.map((s) => s.bytes)),
      run: async () => {
        const r = await converse(c, { port: o.gw.dimsePort, quietMs: 400, closeTimeoutMs: 5_000 });
        const outcome = summarize(r);
        const failure = r.hung
          ? 'the gateway kept the connection open after our FIN'
          : outcome === 'rsp:unreadable'
            ? 'a response PDU we cannot read'
            : undefined;
        return { outcome, ms: r.ms, failure };
      },
    };
  });
}

export function runStow(o: LiveOptions): Promise<Tally> {
  const dicom = new DicomMutator({ seed: o.seed, uniqueUids: true, mode: 'part10', files: o.files });
  return runLive(o, 'stow', (i) => {
    const c = dicom.case(i);
    return {
      mutations: c.mutations,
      input: c.bytes,
      run: () => stow(o.gw.http, o.gw.token, c.bytes, new Prng(o.seed ^ 0x5707, i)),
    };
  });
}

/** A replay of corpus inputs: each DIMSE stream sent as-is on one connection. */
export async function replayDimse(gw: GatewayProcess, inputs: { name: string; bytes: Buffer }[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const [index, input] of inputs.entries()) {
    const c: PduCase = {
      index,
      steps: [{ label: input.name, bytes: input.bytes, await: true }],
      mutations: [],
      chunked: false,
    };
    const r = await converse(c, { port: gw.dimsePort, quietMs: 400, closeTimeoutMs: 5_000 });
    outcomes.push(r.hung ? 'hung' : summarize(r));
  }
  return outcomes;
}
