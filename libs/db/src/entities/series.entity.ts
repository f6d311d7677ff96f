import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { SERIES_STATES, SeriesRoute, SeriesSegmentation, SeriesState } from './series-state';
import { StudyEntity } from './study.entity';
import type { LevelAttributes } from './level-attributes';

export const SERIES_STATE_CHECK = `"state" IN (${SERIES_STATES.map((s) => `'${s}'`).join(', ')})`;

/** A pseudonymized series and its pipeline state. */
@Entity({ name: 'series' })
@Unique('uq_series_series_instance_uid', ['seriesInstanceUid'])
@Index('idx_series_study_modality', ['studyId', 'modality'])
@Index('idx_series_state_last_instance', ['state', 'lastInstanceAt'])
@Index('idx_series_modality_study', ['modality', 'studyId'])
// Ordered and expression indexes of migration SeriesList (TypeORM cannot declare them).
@Index('idx_series_list_order', { synchronize: false })
@Index('idx_series_list_state', { synchronize: false })
@Index('idx_series_list_modality', { synchronize: false })
@Index('idx_series_list_model', { synchronize: false })
@Index('idx_series_list_rule', { synchronize: false })
@Check('ck_series_state', SERIES_STATE_CHECK)
export class SeriesEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_series' })
  id!: string;

  @Column({ name: 'series_instance_uid', type: 'text' })
  seriesInstanceUid!: string;

  @Column({ name: 'study_id', type: 'uuid' })
  studyId!: string;

  @ManyToOne(() => StudyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'study_id', foreignKeyConstraintName: 'fk_series_study' })
  study?: StudyEntity;

  @Column({ type: 'text', nullable: true })
  modality!: string | null;

  @Column({ name: 'series_number', type: 'integer', nullable: true })
  seriesNumber!: number | null;

  @Column({ name: 'series_description', type: 'text', nullable: true })
  seriesDescription!: string | null;

  @Column({ name: 'body_part_examined', type: 'text', nullable: true })
  bodyPartExamined!: string | null;

  @Column({ name: 'frame_of_reference_uid', type: 'text', nullable: true })
  frameOfReferenceUid!: string | null;

  @Column({ type: 'text', default: 'received' })
  state!: SeriesState;

  @Column({ name: 'expected_instances', type: 'integer', nullable: true })
  expectedInstances!: number | null;

  @Column({ name: 'last_instance_at', type: 'timestamptz', default: () => 'now()' })
  lastInstanceAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  route!: SeriesRoute | null;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'state_changed_at', type: 'timestamptz', default: () => 'now()' })
  stateChangedAt!: Date;

  /** Bumped when a late instance reopens the series, so stale completions and jobs can be told apart. */
  @Column({ type: 'integer', default: 0 })
  generation!: number;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** Gateway time to assemble the volume and hand it to the worker. */
  @Column({ name: 'prepare_ms', type: 'integer', nullable: true })
  prepareMs!: number | null;

  /** Worker attempts seen for the current generation (retries and stalled takeovers included). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The worker's report (model, engine, per-stage timings); volumes are in segment_volume. */
  @Column({ type: 'jsonb', nullable: true })
  segmentation!: SeriesSegmentation | null;

  /** The generation whose research SEG is stored in the archive (the results step); null before. */
  @Column({ name: 'result_generation', type: 'integer', nullable: true })
  resultGeneration!: number | null;

  /** De-identified series-level attributes without a column (QIDO-RS matching and includefield). */
  @Column({ type: 'jsonb', nullable: true })
  attributes!: LevelAttributes | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
