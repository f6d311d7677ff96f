import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One sealed re-identification record (envelope encryption, libs/deid). Only ciphertext and the
 * wrapped data key are stored: the UID map and original identifiers exist in plaintext only in memory.
 */
@Entity({ name: 'vault_record' })
@Unique('uq_vault_record_lookup_key', ['lookupKey'])
@Index('idx_vault_record_purge_after', ['purgeAfter'])
export class VaultRecordEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_vault_record' })
  id!: string;

  /** A pseudonymized value (e.g. the pseudonymized StudyInstanceUID), never an original identifier. */
  @Column({ name: 'lookup_key', type: 'text' })
  lookupKey!: string;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'wrapped_key', type: 'bytea' })
  wrappedKey!: Buffer;

  @Column({ type: 'bytea' })
  iv!: Buffer;

  @Column({ type: 'bytea' })
  tag!: Buffer;

  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'purge_after', type: 'timestamptz', nullable: true })
  purgeAfter!: Date | null;
}
