/**
 * The benchmark's input, generated once per run: synthetic 512×512 CT slices (test-data/synthetic-ct,
 * fake PHI only) written as Part 10 files, so every peer reads the same bytes from the page cache.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticCtSeries } from '../../test-data/synthetic-ct';

export interface SeriesDir {
  dir: string;
  files: string[];
}

export interface BenchData {
  /** One series of `count` slices: the 1-association DIMSE run and the STOW-RS POST. */
  single: SeriesDir;
  /** `count` slices as 4 series (4 patients), one per parallel association. */
  parallel: SeriesDir[];
  /** A small series sent before each measured run, so JIT and connection setup are not timed. */
  warmup: SeriesDir;
  bytesPerSlice: number;
}

function writeSeries(dir: string, buffers: Buffer[]): SeriesDir {
  mkdirSync(dir, { recursive: true });
  const files = buffers.map((b, i) => {
    const path = join(dir, `ct${String(i).padStart(4, '0')}.dcm`);
    writeFileSync(path, b);
    return path;
  });
  return { dir, files };
}

function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

export function generateBenchData(root: string, count: number, warmupCount: number): BenchData {
  const single = writeSeries(join(root, 'single'), syntheticCtSeries({ count, patientId: 'SYNBENCH0001' }));
  const parallel = shares(count, 4).map((n, i) =>
    writeSeries(join(root, 'parallel', `s${i}`), syntheticCtSeries({ count: n, patientId: `SYNBENCH010${i}` })),
  );
  const warmup = writeSeries(
    join(root, 'warmup'),
    syntheticCtSeries({ count: warmupCount, patientId: 'SYNWARMUP001' }),
  );
  return { single, parallel, warmup, bytesPerSlice: statSync(single.files[0]).size };
}

/** Regular files below `dir`, ignoring dot-files (temp files of an interrupted write). */
export function countFiles(dir: string, suffix = ''): number {
  let n = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) n += countFiles(join(dir, e.name), suffix);
    else if (e.isFile() && e.name.endsWith(suffix)) n++;
  }
  return n;
}
