import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One append-only audit record (IHE ATNA in spirit). `hash` = SHA-256 over the previous record's
 * hash and this record's canonical form (libs/auth audit-chain), so a changed, removed or
 * reordered record breaks the chain at that seq. Targets are ids only, never dataset values.
 */
@Entity({ name: 'audit_log' })
@Index('idx_audit_log_time', ['time'])
@Index('idx_audit_log_action', ['action', 'time'])
export class AuditRecordEntity {
  /** Gap-free, assigned under an advisory lock by the appender (a sequence would leave gaps). */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_log' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  time!: Date;

  @Column({ name: 'actor_type', type: 'text' })
  actorType!: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text', nullable: true })
  target!: string | null;

  @Column({ type: 'text' })
  outcome!: string;

  @Column({ name: 'source_address', type: 'text', nullable: true })
  sourceAddress!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, string | number | boolean | null> | null;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
