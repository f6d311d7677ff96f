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
} from 'typeorm';
import { PatientEntity } from './patient.entity';
import type { LevelAttributes } from './level-attributes';

/** A study under its pseudonymized StudyInstanceUID; dates are already shifted by de-identification. */
@Entity({ name: 'study' })
@Unique('uq_study_study_instance_uid', ['studyInstanceUid'])
@Index('idx_study_study_date', ['studyDate'])
@Index('idx_study_patient', ['patientId'])
// Expression and ordered indexes of migration QidoAttributes (TypeORM cannot declare them).
@Index('idx_study_list_order', { synchronize: false })
@Index('idx_study_patient_name_ci', { synchronize: false })
@Index('idx_study_accession_pattern', { synchronize: false })
export class StudyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_study' })
  id!: string;

  @Column({ name: 'study_instance_uid', type: 'text' })
  studyInstanceUid!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'fk_study_patient' })
  patient?: PatientEntity;

  /** DICOM DA, 'YYYYMMDD', so string order is date order. */
  @Column({ name: 'study_date', type: 'varchar', length: 8, nullable: true })
  studyDate!: string | null;

  @Column({ name: 'study_time', type: 'text', nullable: true })
  studyTime!: string | null;

  @Column({ name: 'accession_number', type: 'text', nullable: true })
  accessionNumber!: string | null;

  @Column({ name: 'study_description', type: 'text', nullable: true })
  studyDescription!: string | null;

  /** Distinct modalities of the study's series, joined with the DICOM value separator '\'. */
  @Column({ name: 'modalities_in_study', type: 'text', nullable: true })
  modalitiesInStudy!: string | null;

  /** De-identified study-level attributes without a column (QIDO-RS matching and includefield). */
  @Column({ type: 'jsonb', nullable: true })
  attributes!: LevelAttributes | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
