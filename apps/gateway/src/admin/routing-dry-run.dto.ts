import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
