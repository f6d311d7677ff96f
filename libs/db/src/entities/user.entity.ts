import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

export const AUTH_METHODS = ['local', 'saml', 'oidc'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/**
 * A person who signs in: a local account (break-glass), or one provisioned at first sign-in from
 * the hospital's IdP (SAML NameID / OIDC issuer+subject), whose roles follow its groups at every
 * sign-in. Holds no dataset value. Secrets are hashes, or sealed (TOTP secret).
 */
@Entity({ name: 'app_user' })
@Unique('uq_app_user_username', ['username'])
@Unique('uq_app_user_external', ['authMethod', 'externalId'])
@Check('ck_app_user_auth_method', `"auth_method" IN ('local', 'saml', 'oidc')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_app_user' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'auth_method', type: 'text' })
  authMethod!: AuthMethod;

  /** SAML NameID or OIDC `iss|sub`; null for local accounts. */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: string[];

  /** scrypt, self-describing (libs/auth); local accounts only. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /** The TOTP secret sealed with the vault keyring (AES-256-GCM envelope, AAD = user id). */
  @Column({ name: 'totp_sealed', type: 'jsonb', nullable: true })
  totpSealed!: Record<string, unknown> | null;

  @Column({ name: 'totp_enrolled_at', type: 'timestamptz', nullable: true })
  totpEnrolledAt!: Date | null;

  /** The last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2). */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  /** Salted SHA-256 of each recovery code; null where a code was used. */
  @Column({ name: 'recovery_codes', type: 'jsonb', default: () => "'[]'" })
  recoveryCodes!: Array<string | null>;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
