import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATES, SERIES_STATES, type DeliveryState, type SeriesState } from '@delineo/db';

const UID = { type: String, pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 } as const;
const WHEN = { type: String, format: 'date-time' } as const;
const MS = { type: Number, nullable: true } as const;

/** The routing decision taken at ingest (rule and model names come from the settings, never a file). */
export class SeriesRouteDto {
  @ApiProperty({ type: String }) ruleName!: string;
  @ApiProperty({ type: String }) modelId!: string;
  @ApiProperty({ type: [String] }) deliverTo!: string[];
  @ApiPropertyOptional({ type: Number, description: 'Segmentation job priority (1 is highest)' }) priority?: number;
}

/** The model that ran (after segmentation), or the routed one before. */
export class SeriesModelDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiPropertyOptional({ type: String }) version?: string;
  @ApiPropertyOptional({ type: String, example: 'onnx-cpu' }) engine?: string;
}

/** Stage durations in milliseconds; null while a stage has not ended. */
export class SeriesStagesDto {
  @ApiProperty({ ...MS, description: 'First to last instance' }) receive!: number | null;
  @ApiProperty({ ...MS, description: 'Last instance to completion' }) quietPeriod!: number | null;
  @ApiProperty({ ...MS, description: 'Volume assembly in the gateway' }) prepare!: number | null;
  @ApiProperty({ ...MS, description: 'Queued to taken by a worker' }) queueWait!: number | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: "The worker's own stages (present once segmented)",
  })
  worker?: Record<string, number>;
  @ApiProperty({ ...MS, description: 'Last instance to the result' }) lastInstanceToResult!: number | null;
}

export class SeriesTimingsDto {
  @ApiProperty(WHEN) receivedAt!: Date;
  @ApiProperty(WHEN) lastInstanceAt!: Date;
  @ApiProperty({ ...WHEN, nullable: true }) completedAt!: Date | null;
  @ApiProperty({ ...WHEN, nullable: true }) queuedAt!: Date | null;
  @ApiProperty({ ...WHEN, nullable: true }) startedAt!: Date | null;
  @ApiProperty({ ...WHEN, nullable: true }) finishedAt!: Date | null;
  @ApiProperty(WHEN) stateChangedAt!: Date;
  @ApiProperty({ type: SeriesStagesDto }) stagesMs!: SeriesStagesDto;
}

/** Volumetry of one segment (names come from the model manifest). */
export class SeriesVolumeDto {
  @ApiProperty({ type: Number }) label!: number;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: Number }) voxels!: number;
  @ApiProperty({ type: Number }) volumeMl!: number;
}

export class SeriesDeliveryDto {
  @ApiProperty({ type: String }) destination!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: DeliveryState;
  @ApiProperty({ type: Number }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, example: 'delivery/network' }) errorCode!: string | null;
  @ApiProperty({ ...WHEN, nullable: true }) deliveredAt!: Date | null;
}

/**
 * A series as the console shows it. Both UIDs are the archive's pseudonymized ones (what QIDO-RS
 * and WADO-RS serve, so a viewer can open them); an original UID is only in the vault.
 */
export class SeriesViewDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ ...UID, description: 'Pseudonymized Series Instance UID' }) seriesInstanceUid!: string;
  @ApiProperty({ ...UID, description: 'Pseudonymized Study Instance UID (QIDO-RS, WADO-RS, a viewer)' })
  studyInstanceUid!: string;
  @ApiProperty({ type: String, nullable: true, example: 'CT' }) modality!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'De-identified' }) seriesDescription!: string | null;
  @ApiProperty({ enum: SERIES_STATES }) state!: SeriesState;
  @ApiProperty({ type: Number, description: 'Bumped by a late instance or a retry' }) generation!: number;
  @ApiProperty({ type: SeriesRouteDto, nullable: true }) route!: SeriesRouteDto | null;
  @ApiProperty({ type: SeriesModelDto, nullable: true }) model!: SeriesModelDto | null;
  @ApiProperty({ type: Number, minimum: 0, maximum: 100 }) progress!: number;
  @ApiProperty({ type: Number }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, example: 'worker/model-failed' }) errorCode!: string | null;
  @ApiProperty({ type: Number, nullable: true }) expectedInstances!: number | null;
  @ApiProperty({ type: SeriesTimingsDto }) timings!: SeriesTimingsDto;
  @ApiProperty({ type: [SeriesVolumeDto] }) volumes!: SeriesVolumeDto[];
  @ApiProperty({ type: [SeriesDeliveryDto] }) deliveries!: SeriesDeliveryDto[];
}

export class SeriesDetailDto extends SeriesViewDto {
  @ApiProperty({ type: Number, description: 'Instances stored' }) instances!: number;
}

export class SeriesPageDto {
  @ApiProperty({ type: [SeriesViewDto] }) items!: SeriesViewDto[];
  @ApiPropertyOptional({ type: Number, description: 'Exact number of matches, when counted (`count`)' })
  total?: number;
  @ApiProperty({ type: Number }) limit!: number;
  @ApiPropertyOptional({ type: Number, description: 'Absent when paged by cursor' }) offset?: number;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description: 'The `cursor` of the next page; absent on the last',
  })
  next?: string;
}

export class SeriesRetryDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: Number, description: 'The new generation' }) generation!: number;
  @ApiProperty({ enum: ['complete'] }) state!: 'complete';
}

export class SeriesReplayDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) destination!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: DeliveryState;
}
