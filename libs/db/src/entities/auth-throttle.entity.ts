import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-in attempts per account (`user:<name>`) and per source address (`ip:<addr>`). */
@Entity({ name: 'auth_throttle' })
export class AuthThrottleEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_auth_throttle' })
  key!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
