import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROUTING_CRITERIA, type RoutingCriterion } from '../ingest/router';

/** One criterion of one rule. Names the configured pattern only: a dataset value is never shown. */
export class DryRunCriterionDto {
  @ApiProperty({ enum: ROUTING_CRITERIA })
  criterion!: RoutingCriterion;

  @ApiProperty({ description: 'The pattern the rule configures (a regular expression as /…/flags)', example: 'CT' })
  pattern!: string;

  @ApiProperty()
  matched!: boolean;
}

export class DryRunRuleDto {
  @ApiProperty({ example: 'chest-ct' })
  rule!: string;

  @ApiProperty({ description: 'Every criterion held (a rule without criteria matches everything)' })
  matched!: boolean;

  @ApiProperty({ type: [DryRunCriterionDto] })
  criteria!: DryRunCriterionDto[];
}

export class DryRunDecisionDto {
  @ApiProperty()
  ruleName!: string;

  @ApiProperty()
  modelId!: string;

  @ApiProperty({ type: [String] })
  deliverTo!: string[];

  @ApiPropertyOptional({ description: 'Segmentation job priority (1 is highest)' })
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
