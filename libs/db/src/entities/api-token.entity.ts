import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A service account's API token. The token (`dln_<id>_<secret>`, shown once) is looked up by its
 * id; only SHA-256 of its 256-bit secret is stored.
 */
@Entity({ name: 'api_token' })
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_api_token' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  /** For dicomweb:write: the source this token stands for; routing rules can match it. */
  @Column({ type: 'text', nullable: true })
  source!: string | null;

  /** Who created it: a user id, or 'bootstrap' / 'cli'. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
