/**
 * The SP's memory of its own messages, shared by every gateway instance (the gateway implements it on
 * PostgreSQL; test-support/saml has an in-memory one). node-saml keeps this in one process only.
 *
 * Two separate key spaces:
 * - request IDs we sent (AuthnRequest, LogoutRequest): `save` then `consume` exactly once, so a
 *   response's InResponseTo is honoured once (SAML Profiles §4.1.4.3, §4.4.4.2);
 * - IDs of assertions and logout messages we accepted: `markUsed`, so the same signed message is
 *   never accepted twice, IdP-initiated ones included (SAML Profiles §4.1.4.5).
 * Rows may be deleted once `expiresAt` has passed.
 */
export interface SamlRequestIdStore {
  /** Remembers a request ID we just sent, until `expiresAt`. */
  save(id: string, expiresAt: Date): Promise<void>;
  /**
   * True exactly once: only if `id` was saved, is unexpired at `now`, and was not consumed before.
   * Atomic across instances, e.g. `DELETE … WHERE id = $1 AND expires_at > $2 RETURNING id`.
   */
  consume(id: string, now: Date): Promise<boolean>;
  /**
   * Records the ID of an accepted message until `expiresAt`. True if it was not yet recorded (or its
   * record expired before `now`); false if it was: a replay. Atomic across instances, e.g.
   * `INSERT … ON CONFLICT (id) DO UPDATE SET expires_at = $2 WHERE used.expires_at <= $3 RETURNING id`.
   */
  markUsed(id: string, expiresAt: Date, now: Date): Promise<boolean>;
}
