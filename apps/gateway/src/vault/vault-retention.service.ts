import type { DataSource } from 'typeorm';
import { VaultRepository } from '@delineo/db';

/**
 * Purges vault records whose retention after delivery has run out (settings: vault.
 * retentionDaysAfterDelivery). Runs at boot and then hourly; a purge is a hard DELETE.
 */
export class VaultRetentionService {
  private timer?: NodeJS.Timeout;
  private readonly repo: VaultRepository;

  constructor(
    ds: DataSource,
    private readonly onPurged: (count: number) => void,
    private readonly onError: (err: unknown) => void,
  ) {
    this.repo = new VaultRepository(ds);
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
      if (n > 0) this.onPurged(n);
      return n;
    } catch (err) {
      this.onError(err);
      return 0;
    }
  }
}
