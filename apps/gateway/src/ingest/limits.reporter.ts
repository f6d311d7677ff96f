import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { memoryBound } from './memory-bound';

const mib = (n: number): number => Math.ceil(n / 2 ** 20);

/** Says at boot what memory the configured limits allow ingest to use, so it can be sized against the host. */
@Injectable()
export class LimitsReporter implements OnApplicationBootstrap {
  constructor(
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info'>,
  ) {}

  onApplicationBootstrap(): void {
    const b = memoryBound(this.config);
    this.log.info(
      {
        event: 'memory-bound',
        totalMiB: mib(b.total),
        inflightMiB: mib(b.inflight),
        copiesMiB: mib(b.copies),
        parsedMiB: mib(b.parsed),
        inflatedMiB: mib(b.inflated),
        framingMiB: mib(b.framing),
      },
      'ingest memory bound above the idle process (docs/limits.md)',
    );
  }
}
