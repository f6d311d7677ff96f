/**
 * The in-process fuzz target: one case through parsePart10 / parseDataset, then through what
 * every consumer does next (decode each string and number, re-encode, parse again). Its contract:
 * each input ends in success or a DicomError carrying one of DICOM_ERROR_CODES; anything else
 * (a RangeError from a Buffer read, a stack overflow, a TypeError) is a crash.
 */
import { performance } from 'node:perf_hooks';
import type { Dataset } from '../dataset';
import { DicomError, isDicomErrorCode } from '../errors';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from '../parse-limits';
import { parseDataset, parsePart10 } from '../parser';
import { TransferSyntax } from '../transfer-syntax';
import { encodeDataset } from '../writer';
import type { DicomCase } from './dicom-mutator';
import { ENCODINGS } from './dicom-mutator';

export interface TargetResult {
  /** `ok`, a DicomError code, `roundtrip:<code>` when only the re-encode refused, or `crash`. */
  outcome: string;
  /** The non-coded error, for a crash. */
  error?: unknown;
  ms: number;
}

/** Runs one input, and classifies how it ended. */
export function runTarget(parse: () => Dataset): TargetResult {
  const start = performance.now();
  let stage = '';
  try {
    const ds = parse();
    stage = 'roundtrip:';
    exercise(ds);
    return { outcome: 'ok', ms: performance.now() - start };
  } catch (err) {
    const ms = performance.now() - start;
    if (err instanceof DicomError && isDicomErrorCode(err.code)) return { outcome: `${stage}${err.code}`, ms };
    return { outcome: 'crash', error: err, ms };
  }
}

export function parseCase(c: DicomCase, limits: ParseLimits = DEFAULT_PARSE_LIMITS): TargetResult {
  return runTarget(() =>
    c.mode === 'part10' ? parsePart10(c.bytes, limits).dataset : parseDataset(c.bytes, c.transferSyntaxUid, limits),
  );
}

/**
 * How a raw corpus input is replayed (it carries no mode or syntax): as a Part 10 file, and as a
 * bare dataset in every syntax the fuzzer encodes, plus one the parser does not know.
 */
export function parseRaw(bytes: Buffer, limits: ParseLimits = DEFAULT_PARSE_LIMITS): TargetResult[] {
  return [
    runTarget(() => parsePart10(bytes, limits).dataset),
    ...[...ENCODINGS, '1.2.3.4'].map((ts) => runTarget(() => parseDataset(bytes, ts, limits))),
  ];
}

/** What consumers do with a parsed dataset: read every value, write it again and re-read that. */
function exercise(ds: Dataset): void {
  const stack: Dataset[] = [ds];
  for (let d = stack.pop(); d; d = stack.pop()) {
    for (const el of d.sorted()) {
      d.strings(el.tag);
      d.numbers(el.tag);
      if (el.items) stack.push(...el.items);
    }
  }
  const again = Buffer.concat(encodeDataset(ds, TransferSyntax.ExplicitVRLittleEndian));
  parseDataset(again, TransferSyntax.ExplicitVRLittleEndian);
}
