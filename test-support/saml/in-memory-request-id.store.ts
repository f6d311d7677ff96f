import type { SamlRequestIdStore } from '../../apps/gateway/src/auth/saml/request-id.store';

/**
 * SamlRequestIdStore for tests: one process, two maps (request IDs, used message IDs), same
 * semantics as the gateway's PostgreSQL store, including expiry measured against the caller's `now`.
 */
export class InMemoryRequestIdStore implements SamlRequestIdStore {
  readonly pending = new Map<string, number>();
  readonly used = new Map<string, number>();

  save(id: string, expiresAt: Date): Promise<void> {
    this.pending.set(id, expiresAt.getTime());
    return Promise.resolve();
  }

  consume(id: string, now: Date): Promise<boolean> {
    const expiresAt = this.pending.get(id);
    this.pending.delete(id);
    return Promise.resolve(expiresAt !== undefined && expiresAt > now.getTime());
  }

  markUsed(id: string, expiresAt: Date, now: Date): Promise<boolean> {
    const until = this.used.get(id);
    if (until !== undefined && until > now.getTime()) return Promise.resolve(false);
    this.used.set(id, expiresAt.getTime());
    return Promise.resolve(true);
  }
}
