import type { DataSource } from 'typeorm';
import { VaultRepository } from '@delineo/db';
import { openRecord, type DeidIdentifiers, type Keyring } from '@delineo/deid';

export class VaultRecordMissingError extends Error {
  readonly code = 'vault/missing';
}

/**
 * The only decrypt path. It is deliberately not exposed over HTTP: the delivery path (results
 * back to the hospital) calls it in memory, and the plaintext never reaches storage or logs.
 */
export class ReidentificationService {
  private readonly repo: VaultRepository;

  constructor(
    ds: DataSource,
    private readonly keyring: Keyring,
  ) {
    this.repo = new VaultRepository(ds);
  }

  /** Original identifiers for a pseudonymized SOP Instance UID (the vault row's lookup key). */
  async identifiersFor(pseudoSopInstanceUid: string): Promise<DeidIdentifiers> {
    const row = await this.repo.get(pseudoSopInstanceUid);
    if (!row) throw new VaultRecordMissingError('no vault record for this instance');
    const sealed = {
      v: 1 as const,
      keyId: row.keyId,
      wrappedKey: Buffer.from(row.wrappedKey).toString('base64'),
      iv: Buffer.from(row.iv).toString('base64'),
      tag: Buffer.from(row.tag).toString('base64'),
      ciphertext: Buffer.from(row.ciphertext).toString('base64'),
    };
    // AAD = lookup key: a record moved to another row fails authentication (vault/tampered).
    return openRecord<DeidIdentifiers>(sealed, this.keyring, pseudoSopInstanceUid);
  }

  /** Called by delivery once a series' results are delivered: its records are purged N days later. */
  markDelivered(pseudoSopInstanceUids: readonly string[], retentionDays: number, now = new Date()): Promise<number> {
    return this.repo.markDelivered(pseudoSopInstanceUids, new Date(now.getTime() + retentionDays * 86_400_000));
  }
}
