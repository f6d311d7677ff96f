import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A server-side session, so any gateway instance serves any request. The cookie carries a random
 * 256-bit value; only its SHA-256 is stored, so a database read does not yield a usable cookie.
 */
@Entity({ name: 'auth_session' })
@Index('idx_auth_session_user', ['userId'])
@Index('idx_auth_session_expires', ['expiresAt'])
export class AuthSessionEntity {
  @PrimaryColumn({ name: 'id_hash', type: 'text', primaryKeyConstraintName: 'pk_auth_session' })
  idHash!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_session_user' })
  user?: UserEntity;

  @Column({ name: 'auth_method', type: 'text' })
  authMethod!: string;

  /** Synchronizer token for state-changing requests (CSRF); sent to the page, compared on write. */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken!: string;

  /** What single logout needs from the IdP: SAML NameID/SessionIndex, or the OIDC id_token hint. */
  @Column({ name: 'idp_session', type: 'jsonb', nullable: true })
  idpSession!: Record<string, string> | null;

  /** A local account that must still change its password or enrol TOTP gets only those routes. */
  @Column({ type: 'boolean', default: false })
  restricted!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** Absolute lifetime; the idle timeout is checked against lastSeenAt. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'source_address', type: 'text', nullable: true })
  sourceAddress!: string | null;
}
