import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A pseudonymized patient: no name, birth date or real ID is ever stored. */
@Entity({ name: 'patient' })
@Unique('uq_patient_pseudo_patient_id', ['pseudoPatientId'])
// text_pattern_ops for PatientID prefix wildcards (migration QidoAttributes).
@Index('idx_patient_pseudo_id_pattern', { synchronize: false })
export class PatientEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_patient' })
  id!: string;

  @Column({ name: 'pseudo_patient_id', type: 'text' })
  pseudoPatientId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
