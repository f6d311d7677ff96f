/**
 * The regression corpus, libFuzzer style (test-data/fuzz-corpus/README.md): every input that ever
 * crashed a target or ended in an uncoded error, one file per input named by its SHA-1, in a folder
 * per target. Specs replay every file on every run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CORPUS_DIR = path.resolve(__dirname, '../../test-data/fuzz-corpus');

/** `parser`: bytes for parsePart10/parseDataset. `dimse`: the byte stream of one connection. `stow`: one part. */
export type CorpusTarget = 'parser' | 'dimse' | 'stow';

/** Corpus files stay small (they are committed); a larger input is named by seed and case instead. */
export const MAX_CORPUS_BYTES = 1 << 20;

/** Writes the input and returns its path; undefined when it is over MAX_CORPUS_BYTES. */
export function saveToCorpus(target: CorpusTarget, bytes: Buffer): string | undefined {
  if (bytes.length > MAX_CORPUS_BYTES) return undefined;
  const name = createHash('sha1').update(bytes).digest('hex');
  const dir = path.join(CORPUS_DIR, target);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  if (!existsSync(file)) writeFileSync(file, bytes);
  return file;
}

export function corpusInputs(target: CorpusTarget): { name: string; bytes: Buffer }[] {
  const dir = path.join(CORPUS_DIR, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[0-9a-f]{40}$/.test(f))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));
}
