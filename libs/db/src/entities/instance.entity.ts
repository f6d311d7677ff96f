import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  ValueTransformer,
} from 'typeorm';
import { SeriesEntity } from './series.entity';

/** How an instance entered the archive; 'derived' = made here from archived data (the research SEG). */
export type ReceivedVia = 'dimse' | 'stow' | 'derived';

/** pg returns int8 as a string; object sizes stay far below 2^53. */
const bigintAsNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** One de-identified SOP instance; its bytes live in the object store under objectKey. */
@Entity({ name: 'instance' })
@Unique('uq_instance_sop_instance_uid', ['sopInstanceUid'])
@Index('idx_instance_series_number', ['seriesId', 'instanceNumber'])
// Partial index of migration SeriesList: the few derived (research SEG) instances, for the status list.
@Index('idx_instance_derived_series', { synchronize: false })
export class InstanceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_instance' })
  id!: string;

  @Column({ name: 'sop_instance_uid', type: 'text' })
  sopInstanceUid!: string;

  @Column({ name: 'series_id', type: 'uuid' })
  seriesId!: string;

  @ManyToOne(() => SeriesEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'series_id', foreignKeyConstraintName: 'fk_instance_series' })
  series?: SeriesEntity;

  @Column({ name: 'sop_class_uid', type: 'text' })
  sopClassUid!: string;

  @Column({ name: 'transfer_syntax_uid', type: 'text' })
  transferSyntaxUid!: string;

  @Column({ name: 'instance_number', type: 'integer', nullable: true })
  instanceNumber!: number | null;

  @Column({ type: 'integer', nullable: true })
  rows!: number | null;

  @Column({ type: 'integer', nullable: true })
  columns!: number | null;

  @Column({ name: 'number_of_frames', type: 'integer', nullable: true })
  numberOfFrames!: number | null;

  @Column({ name: 'bits_allocated', type: 'integer', nullable: true })
  bitsAllocated!: number | null;

  @Column({ name: 'image_position_patient', type: 'double precision', array: true, nullable: true })
  imagePositionPatient!: number[] | null;

  @Column({ name: 'image_orientation_patient', type: 'double precision', array: true, nullable: true })
  imageOrientationPatient!: number[] | null;

  @Column({ name: 'pixel_spacing', type: 'double precision', array: true, nullable: true })
  pixelSpacing!: number[] | null;

  @Column({ name: 'slice_thickness', type: 'double precision', nullable: true })
  sliceThickness!: number | null;

  @Column({ name: 'size_bytes', type: 'bigint', transformer: bigintAsNumber })
  sizeBytes!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'object_key', type: 'text' })
  objectKey!: string;

  @Column({ name: 'received_via', type: 'text' })
  receivedVia!: ReceivedVia;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
