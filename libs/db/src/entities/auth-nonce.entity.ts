import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One-time values shared by every gateway instance: SAML AuthnRequest/LogoutRequest IDs (the
 * InResponseTo check) and pending OIDC flows (state → nonce and PKCE verifier). Each is consumed
 * at most once, atomically, before it expires.
 */
@Entity({ name: 'auth_nonce' })
@Index('idx_auth_nonce_expires', ['expiresAt'])
export class AuthNonceEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_auth_nonce' })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, string> | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;
}
