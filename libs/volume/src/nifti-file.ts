import { readFileSync, writeFileSync } from 'node:fs';
import { decodeNifti, encodeNifti, NiftiWriteOptions } from './nifti';
import { Volume } from './types';

/** Writes .nii or, when the path ends in .gz, .nii.gz. */
export function writeNiftiFile(path: string, vol: Volume, opts: Omit<NiftiWriteOptions, 'gzip'> = {}): void {
  writeFileSync(path, encodeNifti(vol, { ...opts, gzip: path.endsWith('.gz') }));
}

export function readNiftiFile(path: string): Volume {
  return decodeNifti(readFileSync(path));
}
