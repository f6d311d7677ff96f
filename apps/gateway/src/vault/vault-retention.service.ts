import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { VaultRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';

/**
 * Purges vault records whose retention after delivery has run out (settings: vault.
 * retentionDaysAfterDelivery). Runs at boot and then hourly; a purge is a hard DELETE.
 */
@Injectable()
export class VaultRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(VaultRepository) private readonly repo: VaultRepository,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'info' | 'error'>,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  start(everyMs = 3_600_000): void {
    void this.purge();
    this.timer = setInterval(() => void this.purge(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(now = new Date()): Promise<number> {
    try {
      const n = await this.repo.purgeExpired(now);
      if (n > 0) this.log.info({ event: 'vault-purged', count: n }, 'expired vault records purged');
      return n;
    } catch (err) {
      this.log.error({ err, event: 'vault-purge-failed' }, 'vault purge failed');
      return 0;
    }
  }
}
