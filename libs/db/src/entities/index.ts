import { DeliveryEntity } from './delivery.entity';
import { InstanceEntity } from './instance.entity';
import { PatientEntity } from './patient.entity';
import { SegmentVolumeEntity } from './segment-volume.entity';
import { SeriesEntity } from './series.entity';
import { StudyEntity } from './study.entity';
import { VaultRecordEntity } from './vault-record.entity';
import { ApiTokenEntity } from './api-token.entity';
import { AuditRecordEntity } from './audit-record.entity';
import { AuthNonceEntity } from './auth-nonce.entity';
import { AuthSessionEntity } from './auth-session.entity';
import { AuthThrottleEntity } from './auth-throttle.entity';
import { UserEntity } from './user.entity';
import { SettingsVersionEntity } from './settings-version.entity';

export {
  DeliveryEntity,
  InstanceEntity,
  PatientEntity,
  SegmentVolumeEntity,
  SeriesEntity,
  StudyEntity,
  VaultRecordEntity,
};
export type { ReceivedVia } from './instance.entity';
export type { LevelAttributes } from './level-attributes';
export { SERIES_STATES } from './series-state';
export type { SeriesRoute, SeriesSegmentation, SeriesState } from './series-state';

export { SettingsVersionEntity };
export { ApiTokenEntity, AuditRecordEntity, AuthNonceEntity, AuthSessionEntity, AuthThrottleEntity, UserEntity };
export { AUTH_METHODS } from './user.entity';
export type { AuthMethod } from './user.entity';

export const DB_ENTITIES = [
  PatientEntity,
  StudyEntity,
  SeriesEntity,
  InstanceEntity,
  VaultRecordEntity,
  SegmentVolumeEntity,
  DeliveryEntity,
  UserEntity,
  AuthSessionEntity,
  ApiTokenEntity,
  AuditRecordEntity,
  AuthNonceEntity,
  AuthThrottleEntity,
  SettingsVersionEntity,
];
export { DELIVERY_STATES } from './delivery.entity';
export type { DeliveryState } from './delivery.entity';
