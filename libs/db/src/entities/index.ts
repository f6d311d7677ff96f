import { DeliveryEntity } from './delivery.entity';
import { InstanceEntity } from './instance.entity';
import { PatientEntity } from './patient.entity';
import { SegmentVolumeEntity } from './segment-volume.entity';
import { SeriesEntity } from './series.entity';
import { StudyEntity } from './study.entity';
import { VaultRecordEntity } from './vault-record.entity';

export { DeliveryEntity, InstanceEntity, PatientEntity, SegmentVolumeEntity, SeriesEntity, StudyEntity, VaultRecordEntity };
export type { ReceivedVia } from './instance.entity';
export { SERIES_STATES } from './series-state';
export type { SeriesRoute, SeriesSegmentation, SeriesState } from './series-state';

export const DB_ENTITIES = [PatientEntity, StudyEntity, SeriesEntity, InstanceEntity, VaultRecordEntity, SegmentVolumeEntity, DeliveryEntity];
export { DELIVERY_STATES } from './delivery.entity';
export type { DeliveryState } from './delivery.entity';
