import { ApiProperty } from '@nestjs/swagger';
import { SERIES_STATES } from '@delineo/db';

/*
 * The payloads of GET /api/v1/events, one class per event name. They are listed in the OpenAPI
 * document (extra models) so the console's generated client types them like any other answer.
 */

/** `event: series` — a series' state transition; ids and pseudonymized UIDs only. */
export class SeriesEventDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, description: 'Pseudonymized' }) seriesInstanceUid!: string;
  @ApiProperty({ type: String, description: 'Pseudonymized' }) studyInstanceUid!: string;
  @ApiProperty({ enum: SERIES_STATES }) state!: (typeof SERIES_STATES)[number];
  @ApiProperty({ type: Number }) generation!: number;
  @ApiProperty({ type: String, nullable: true }) modelId!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the row took this state; null when it had already moved on when read',
  })
  stateChangedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the instance published it' })
  publishedAt!: string;
}

class SeriesByStateDto {
  @ApiProperty({ type: Number, required: false }) received?: number;
  @ApiProperty({ type: Number, required: false }) complete?: number;
  @ApiProperty({ type: Number, required: false }) queued?: number;
  @ApiProperty({ type: Number, required: false }) running?: number;
  @ApiProperty({ type: Number, required: false }) segmented?: number;
  @ApiProperty({ type: Number, required: false }) delivered?: number;
  @ApiProperty({ type: Number, required: false }) failed?: number;
}

/** `event: stats` — every console.statsIntervalSeconds while a stream is open. */
export class StatsEventDto {
  @ApiProperty({ type: SeriesByStateDto }) seriesByState!: SeriesByStateDto;
  @ApiProperty({ type: Number }) instancesLastMinute!: number;
  @ApiProperty({ type: Number }) deadLetters!: number;
  @ApiProperty({ type: Number, description: 'Failed series plus dead letters' }) failures!: number;
  @ApiProperty({ type: Number, description: 'Series completed or queued, not yet taken by a worker' })
  queueDepth!: number;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

/** `event: settings` — a new live settings version was applied by this instance. */
export class SettingsEventDto {
  @ApiProperty({ type: Number }) version!: number;
}
