import { CodedError } from '@delineo/errors';

/** Vault error codes; 'vault/tampered' covers every authentication failure on purpose (no oracle). */
export type VaultErrorCode =
  'vault/tampered' | 'vault/unknown-key' | 'vault/invalid-key' | 'vault/malformed' | 'vault/missing';

export class VaultError extends CodedError<VaultErrorCode> {}
