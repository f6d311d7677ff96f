import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One version of the live settings (issue 15): the whole document, its author and why. Append-only
 * (a trigger refuses UPDATE and DELETE); SettingsRepository reads and writes it with SQL so the
 * optimistic append and its NOTIFY stay in one statement sequence under one lock.
 */
@Entity({ name: 'settings_version' })
export class SettingsVersionEntity {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_settings_version' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** A username, `token:<id>` or `system`: never a dataset value. */
  @Column({ type: 'text' })
  author!: string;

  /** seed (first start from the file), file (config.source: file), console, restore. */
  @Column({ type: 'text' })
  origin!: string;

  @Column({ name: 'restored_from', type: 'integer', nullable: true })
  restoredFrom!: number | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'jsonb' })
  document!: unknown;
}
