import { Inject, Injectable } from '@nestjs/common';
import { VaultRepository } from '@delineo/db';
import { openRecord, VaultError, type DeidIdentifiers, type Keyring } from '@delineo/deid';
import { CoreTokens } from '../core/core.tokens';

/**
 * The only decrypt path. It is deliberately not exposed over HTTP: the delivery path (results
 * back to the hospital) calls it in memory, and the plaintext never reaches storage or logs.
 */
@Injectable()
export class ReidentificationService {
  constructor(
    @Inject(VaultRepository) private readonly repo: VaultRepository,
    @Inject(CoreTokens.Keyring) private readonly keyring: Keyring,
  ) {}

  /** Original identifiers for a pseudonymized SOP Instance UID (the vault row's lookup key). */
  async identifiersFor(pseudoSopInstanceUid: string): Promise<DeidIdentifiers> {
    const row = await this.repo.get(pseudoSopInstanceUid);
    // Purged after its retention period, or never sealed: nothing can re-identify this result.
    if (!row) throw new VaultError('vault/missing', 'no vault record for this instance');
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
