import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SeriesEntity } from './series.entity';

export const DELIVERY_STATES = ['pending', 'delivered', 'dead-letter'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** Delivery of one series' result to one destination; holds codes and counts, never identifiers. */
@Entity({ name: 'delivery' })
@Index('idx_delivery_state', ['state', 'updatedAt'])
@Check('ck_delivery_state', `"state" IN ('pending', 'delivered', 'dead-letter')`)
export class DeliveryEntity {
  @PrimaryColumn({ name: 'series_id', type: 'uuid', primaryKeyConstraintName: 'pk_delivery' })
  seriesId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_delivery' })
  destination!: string;

  @ManyToOne(() => SeriesEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'fk_delivery_series' })
  series?: SeriesEntity;

  /** The series generation whose result this is; a retry of the series starts a new one. */
  @Column({ type: 'integer' })
  generation!: number;

  @Column({ type: 'text', default: 'pending' })
  state!: DeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
