import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { JOB_NAMES, type JobName } from '@delineo/jobs';

export const REPLAY_MAX_IDS = 500;
// Job ids are `segment-series:<id>:<generation>` or `deliver-result:<id>@<destination>:<generation>`.
const JOB_ID = /^[A-Za-z0-9._:@-]{1,256}$/;
export const REPLAY_OUTCOMES = ['replayed', 'not-found', 'not-failed'] as const;
export type ReplayOutcome = (typeof REPLAY_OUTCOMES)[number];

export class FailedJobsQueryDto {
  @ApiPropertyOptional({ enum: JOB_NAMES, default: 'segment-series' })
  @IsOptional()
  @IsIn(JOB_NAMES)
  name?: JobName;
}

export class ReplayFailedJobsDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: REPLAY_MAX_IDS,
    uniqueItems: true,
    example: ['segment-series:5b1c…:0'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REPLAY_MAX_IDS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(JOB_ID, { each: true, message: 'each id must be a job id as GET /api/v1/jobs/failed lists it' })
  ids!: string[];
}

export class ReplayOutcomeDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ enum: REPLAY_OUTCOMES }) outcome!: ReplayOutcome;
}

/** A dead letter: ids only (a job's locators are pre-signed URLs, capabilities, and never shown). */
export class FailedJobDto {
  @ApiProperty({ type: String }) id!: string;
  @ApiProperty({ enum: JOB_NAMES }) name!: JobName;
  @ApiProperty({ type: Number }) attemptsMade!: number;
  @ApiProperty({ type: Number }) attemptsStarted!: number;
  @ApiPropertyOptional({ type: String, description: 'The coded reason of the last attempt' }) failedReason?: string;
  @ApiPropertyOptional({ type: String }) seriesId?: string;
  @ApiPropertyOptional({ type: String }) modelId?: string;
  @ApiPropertyOptional({ type: String }) destination?: string;
}
