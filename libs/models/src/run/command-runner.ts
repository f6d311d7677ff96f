import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNifti, readNiftiFile, resample, type Volume } from '@delineo/volume';
import { ModelError } from '../errors';
import { redactStderr } from './redact';

export interface CommandRunner {
  kind: 'command';
  argv: string[];
  timeoutSeconds: number;
}

export interface CommandOptions {
  signal?: AbortSignal;
  /** Parent of the per-run temp dir (default: the OS temp dir). */
  tempRoot?: string;
  /** Extra environment for the program (PATH is passed through; nothing else from ours is). */
  env?: Record<string, string>;
}

const STDERR_KEEP = 4096;

/**
 * Runs an external segmenter (TotalSegmentator, nnUNetv2_predict…) on NIfTI in, NIfTI out, in a
 * fresh 0700 temp dir that is always removed. Placeholders: {input} (a .nii.gz file), {inputDir}
 * (a folder holding case_0000.nii.gz, nnU-Net's naming), {output} (a file to write), {outputDir}
 * (a folder; its single .nii/.nii.gz is read). The whole process group is killed on timeout.
 */
export async function runCommand(runner: CommandRunner, vol: Volume, opts: CommandOptions = {}): Promise<Uint8Array> {
  const dir = mkdtempSync(join(opts.tempRoot ?? tmpdir(), 'delineo-cmd-'));
  try {
    const paths = {
      input: join(dir, 'in', 'case_0000.nii.gz'),
      inputDir: join(dir, 'in'),
      output: join(dir, 'out', 'labels.nii.gz'),
      outputDir: join(dir, 'out'),
    };
    mkdirSync(paths.inputDir, { mode: 0o700 });
    mkdirSync(paths.outputDir, { mode: 0o700 });
    writeFileSync(paths.input, encodeNifti(vol, { datatype: 'lossless', gzip: true }));
    const argv = runner.argv.map((a) =>
      a.replace(/\{(input|inputDir|output|outputDir)\}/g, (_, k: keyof typeof paths) => paths[k]),
    );
    await execute(argv, dir, runner.timeoutSeconds * 1000, opts);
    const labels = readNiftiFile(outputFile(paths.output, paths.outputDir));
    return toSourceGrid(labels, vol);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function execute(argv: string[], cwd: string, timeoutMs: number, opts: CommandOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, TMPDIR: cwd, LANG: 'C.UTF-8', ...opts.env };
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-STDERR_KEEP)));
    let why: 'timeout' | 'cancelled' | undefined;
    const kill = (reason: 'timeout' | 'cancelled') => {
      why = reason;
      try {
        process.kill(-child.pid!, 'SIGKILL'); // the group: wrappers (python → torch workers) die too
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    const onAbort = () => kill('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (err?: Error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    child.on('error', (e: NodeJS.ErrnoException) =>
      done(new ModelError('models/command-failed', `cannot start ${argv[0]}: ${e.code ?? 'error'}`)),
    );
    child.on('close', (code, signal) => {
      const tail = redactStderr(stderr, cwd);
      if (why === 'timeout')
        return done(
          new ModelError(
            'models/command-timeout',
            `${argv[0]} exceeded ${timeoutMs / 1000} s and was killed`,
            tail ? [tail] : [],
          ),
        );
      if (why === 'cancelled') return done(new ModelError('models/cancelled', `${argv[0]} was cancelled`));
      if (code !== 0)
        return done(
          new ModelError('models/command-failed', `${argv[0]} exited with ${code ?? signal}`, tail ? [tail] : []),
        );
      done();
    });
  });
}

function outputFile(file: string, dir: string): string {
  try {
    if (statSync(file).isFile()) return file;
  } catch {
    /* fall through to the folder */
  }
  const found = readdirSync(dir).filter((n) => /\.nii(\.gz)?$/.test(n));
  if (found.length !== 1)
    throw new ModelError('models/command-failed', `expected one NIfTI output, found ${found.length}`);
  return join(dir, found[0]);
}

/** Output on another grid (a tool that resampled) comes back by nearest neighbour. */
function toSourceGrid(labels: Volume, source: Volume): Uint8Array {
  const same =
    labels.dims.every((n, i) => n === source.dims[i]) &&
    labels.origin.every((o, i) => Math.abs(o - source.origin[i]) < 1e-3);
  const data = same ? labels.data : resample(labels, source, { mode: 'nearest', fill: 0 }).data;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Math.round(data[i]);
    if (v < 0 || v > 255) throw new ModelError('models/command-failed', 'output label map has values outside 0…255');
    out[i] = v;
  }
  return out;
}
