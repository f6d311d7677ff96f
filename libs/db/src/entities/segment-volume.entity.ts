import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SeriesEntity } from './series.entity';

/** Volumetry of one segment of a segmented series (names come from the model manifest). */
@Entity({ name: 'segment_volume' })
export class SegmentVolumeEntity {
  @PrimaryColumn({ name: 'series_id', type: 'uuid', primaryKeyConstraintName: 'pk_segment_volume' })
  seriesId!: string;

  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_segment_volume' })
  label!: number;

  @ManyToOne(() => SeriesEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'fk_segment_volume_series' })
  series?: SeriesEntity;

  @Column({ type: 'text' })
  name!: string;

  /** bigint comes back from pg as a string; the transformer keeps it a number (< 2^53 voxels). */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  voxels!: number;

  @Column({ name: 'volume_ml', type: 'double precision' })
  volumeMl!: number;
}
