import { CodedError } from '@delineo/errors';

export type StorageErrorCode =
  'storage/invalid-key' | 'storage/not-found' | 'storage/full' | 'storage/unavailable' | 'storage/unsupported';

/** Messages carry the operation, the key (keys are pseudonymized paths) and an errno code only. */
export class StorageError extends CodedError<StorageErrorCode> {}

/** Maps a filesystem errno to our codes: ENOSPC/EDQUOT → full (DIMSE 0xA700), ENOENT → not-found. */
export function fromFsError(err: unknown, op: string, key: string): StorageError {
  if (err instanceof StorageError) return err;
  const errno = (err as { code?: unknown }).code;
  const tag = typeof errno === 'string' ? errno : 'EIO';
  const code: StorageErrorCode =
    tag === 'ENOENT'
      ? 'storage/not-found'
      : tag === 'ENOSPC' || tag === 'EDQUOT'
        ? 'storage/full'
        : 'storage/unavailable';
  return new StorageError(code, `${op} "${key}" failed (${tag})`, { cause: err });
}
