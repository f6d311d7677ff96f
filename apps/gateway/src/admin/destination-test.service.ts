import { Inject, Injectable } from '@nestjs/common';
import { LiveSettings, type AppConfig } from '@delineo/config';
import { DicomWebError } from '@delineo/dicomweb';
import { AuditService } from '../auth/audit.service';
import type { RequestContext } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { senderOptions } from '../delivery/sender-options';
import { probeDestination } from './destination-probe';
import type { DestinationTestResult } from './destination-test.result';

/** The console's destination Test: one probe with delivery's own options, audited. */
@Injectable()
export class DestinationTestService {
  constructor(
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {}

  async test(name: string, context?: RequestContext): Promise<DestinationTestResult> {
    const destination = this.live.current().destinations.find((d) => d.name === name);
    // The name is client input: the problem text does not echo it.
    if (!destination) throw new DicomWebError('dicomweb/not-found', 'no such destination');
    const result = await probeDestination(destination, senderOptions(this.config));
    await this.audit.record({
      action: 'destination.test',
      outcome: result.ok ? 'success' : 'failure',
      target: destination.name,
      context,
      details: {
        type: destination.type,
        ...(result.step ? { step: result.step } : {}),
        ...(result.code ? { code: result.code } : {}),
      },
    });
    return result;
  }
}
