import path from 'node:path';
import { Dataset } from '@delineo/dicom';

/** Read-only reference data next to the repo (../shared/data); never copied into the project. */
export const SHARED_DATA = process.env.DELINEO_SHARED_DATA ?? path.resolve(__dirname, '../../../../../shared/data');

export function sharedFile(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}

/** Visits every element at every nesting depth. */
export function forEachElement(ds: Dataset, fn: (tag: number, ds: Dataset) => void): void {
  for (const tag of ds.tags()) {
    fn(tag, ds);
    const items = ds.get(tag)?.items;
    if (items) for (const item of items) forEachElement(item, fn);
  }
}
