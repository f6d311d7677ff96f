import { Dataset, DicomElement, Tag } from '@delineo/dicom';
import { DicomWebError } from '@delineo/dicomweb';

/** Binary values at least this long are referenced, shorter ones inline (PS3.18 §F.2.7 lets us choose). */
const BULK_MIN_BYTES = 1024;

/**
 * The BulkDataURI of an attribute, or undefined to inline it: `…/bulkdata/<tag>` at top level,
 * `…/bulkdata/<seq>.<item>.<tag>` nested (item indexes from 0). Pixel Data is always by reference.
 */
export function bulkDataUriFor(ds: Dataset, instanceUrl: string, tag: number, path: number[]): string | undefined {
  const isPixels = path.length === 0 && tag === Tag.PixelData;
  if (!isPixels && (resolve(ds, [...path, tag])?.value?.length ?? 0) < BULK_MIN_BYTES) return undefined;
  const hex = (t: number) => (t >>> 0).toString(16).toUpperCase().padStart(8, '0');
  const segments = path.map((p, i) => (i % 2 === 0 ? hex(p) : String(p)));
  return `${instanceUrl}/bulkdata/${[...segments, hex(tag)].join('.')}`;
}

/** Parses a bulkdata path back to [seq, item, …, tag]; 400 for anything else. */
export function parseBulkPath(text: string): number[] {
  const parts = text.split('.');
  const ok = parts.length % 2 === 1 && parts.every((p, i) => (i % 2 === 0 ? /^[0-9A-Fa-f]{8}$/ : /^\d{1,6}$/).test(p));
  if (!ok) throw new DicomWebError('dicomweb/bad-query', 'bulkdata path is not <tag>(.<item>.<tag>)*');
  return parts.map((p, i) => (i % 2 === 0 ? parseInt(p, 16) : Number(p)));
}

/** The element a bulkdata path names, or undefined. */
export function resolve(ds: Dataset, path: number[]): DicomElement | undefined {
  let current: Dataset | undefined = ds;
  for (let i = 0; i < path.length - 1; i += 2) current = current?.get(path[i])?.items?.[path[i + 1]];
  return current?.get(path[path.length - 1]);
}
