/**
 * Where a worker reads its input and writes its output. The worker has no database and no
 * general object-store credentials (issue 4: it may run on a separate GPU node), so the gateway
 * hands it either pre-signed S3 URLs (PS: the object key inside holds only pseudonymized ids) or,
 * when both share a filesystem (embedded mode), a key under the store's `work/` prefix.
 */
const FS_LOCATOR = /^fs:work\/[A-Za-z0-9._-]{1,128}\/\d{1,9}\/[a-z0-9._-]{1,64}$/;
const MAX_URL = 4096;

export function isLocator(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (FS_LOCATOR.test(value)) return !value.split('/').includes('..');
  if (value.length > MAX_URL || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The object key an `fs:` locator names. */
export function locatorKey(locator: string): string | undefined {
  return locator.startsWith('fs:') && FS_LOCATOR.test(locator) ? locator.slice(3) : undefined;
}

/** Work keys of one series generation: input volume, its slice sources (for SEG), label map output. */
export function workKeys(
  seriesId: string,
  generation: number,
): { volume: string; sources: string; labels: string; prefix: string } {
  const prefix = `work/${seriesId}/${generation}/`;
  return {
    prefix,
    volume: `${prefix}volume.nii.gz`,
    sources: `${prefix}sources.json`,
    labels: `${prefix}labels.nii.gz`,
  };
}
