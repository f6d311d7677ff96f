import { Inject, Injectable } from '@nestjs/common';
import { LiveSettings, type AppConfig } from '@delineo/config';
import { parsePart10 } from '@delineo/dicom';
import type { RoutingContext } from '../ingest/ingest.ports';
import { RuleRouter } from '../ingest/router';
import { CoreTokens } from '../core/core.tokens';
import type { DryRunResultDto } from './routing-dry-run.dto';

/**
 * The console's routing dry run: one Part 10 file, parsed with the ingest parse limits and matched
 * in memory by the router ingest uses. Nothing is stored, queued or logged; the answer names
 * criteria and their configured patterns, never a value read from the file.
 */
@Injectable()
export class RoutingDryRunService {
  constructor(
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'limits'>,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {}

  evaluate(file: Buffer, ctx: Omit<RoutingContext, 'via'> & { via?: RoutingContext['via'] }): DryRunResultDto {
    const { dataset } = parsePart10(file, this.config.limits.parse);
    // Built per call from the live rules and model enablement, so it sees what ingest sees now.
    const rt = this.live.current();
    const out = new RuleRouter(rt.routing, rt.disabledModels).explain(dataset, { ...ctx, via: ctx.via ?? 'stow' });
    return { decision: out.decision ?? null, rules: out.rules };
  }
}
