import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { ROUTING_CRITERIA, type RoutingCriterion } from '../ingest/router';

/** One criterion of one rule. Names the configured pattern only: a dataset value is never shown. */
export class DryRunCriterionDto {
  @ApiProperty({ enum: ROUTING_CRITERIA })
  criterion!: RoutingCriterion;

  @ApiProperty({
    type: String,
    description: 'The pattern the rule configures (a regular expression as /…/flags)',
    example: 'CT',
  })
  pattern!: string;

  @ApiProperty({ type: Boolean })
  matched!: boolean;
}

export class DryRunRuleDto {
  @ApiProperty({ type: String, example: 'chest-ct' })
  rule!: string;

  @ApiProperty({ type: Boolean, description: 'Every criterion held (a rule without criteria matches everything)' })
  matched!: boolean;

  @ApiProperty({
    type: Boolean,
    description: 'Its model is disabled (models.disabled): passed over even when it matches',
  })
  modelDisabled!: boolean;

  @ApiProperty({ type: [DryRunCriterionDto] })
  criteria!: DryRunCriterionDto[];
}

export class DryRunDecisionDto {
  @ApiProperty({ type: String })
  ruleName!: string;

  @ApiProperty({ type: String })
  modelId!: string;

  @ApiProperty({ type: [String] })
  deliverTo!: string[];

  @ApiPropertyOptional({ type: Number, description: 'Segmentation job priority (1 is highest)' })
  priority?: number;
}

export class DryRunResultDto {
  @ApiPropertyOptional({
    type: DryRunDecisionDto,
    nullable: true,
    description: 'The rule ingest would take (the first that matches); null: the series would not be segmented',
  })
  decision!: DryRunDecisionDto | null;

  @ApiProperty({ type: [DryRunRuleDto], description: 'Every rule, in the order ingest tries them' })
  rules!: DryRunRuleDto[];
}

// An AE title (PS3.5 §6.2 AE): 16 characters, no backslash or control character, not all spaces.
const AE_TITLE = /^(?! *$)[\x20-\x5b\x5d-\x7e]{1,16}$/;
// A token's source, as POST /api/v1/tokens and the routing rules' `source` name it.
const SOURCE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Match the file as if it had come this way; neither given: as if by STOW-RS without a source. */
export class DryRunQueryDto {
  @ApiPropertyOptional({
    type: String,
    maxLength: 16,
    pattern: AE_TITLE.source,
    description: 'Match as if sent by this AE (C-STORE)',
  })
  @IsOptional()
  @IsString()
  @Matches(AE_TITLE, { message: 'callingAeTitle must be an AE title: 1–16 characters, no backslash, not all spaces' })
  callingAeTitle?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 32,
    pattern: SOURCE.source,
    description: 'Match as if sent with a token of this source (STOW-RS)',
  })
  @IsOptional()
  @IsString()
  @Matches(SOURCE, { message: 'source must be 1–32 lower-case letters, digits, "_" or "-"' })
  source?: string;
}
