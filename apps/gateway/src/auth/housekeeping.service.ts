import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { AuthNonceRepository, SessionRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';

const EVERY_MS = 10 * 60_000;

/**
 * Removes what can no longer be used: sessions past their absolute lifetime or idle timeout
 * (the authenticator refuses them anyway), and one-time values past their expiry. Every instance
 * runs it; the DELETEs are idempotent.
 */
@Injectable()
export class AuthHousekeepingService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private readonly idleMs: number;

  constructor(
    @Inject(SessionRepository) private readonly sessions: Pick<SessionRepository, 'purgeExpired'>,
    @Inject(AuthNonceRepository) private readonly nonces: Pick<AuthNonceRepository, 'purgeExpired'>,
    @Inject(CoreTokens.Config) config: Pick<AppConfig, 'auth'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'error'>,
  ) {
    this.idleMs = config.auth.session.idleMinutes * 60_000;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(now = new Date()): Promise<{ sessions: number; nonces: number }> {
    try {
      const sessions = await this.sessions.purgeExpired(now, new Date(now.getTime() - this.idleMs));
      return { sessions, nonces: await this.nonces.purgeExpired(now) };
    } catch (err) {
      this.log.error({ err, event: 'auth-housekeeping-failed' }, 'could not purge expired sessions');
      return { sessions: 0, nonces: 0 };
    }
  }
}
