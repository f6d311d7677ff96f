import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { LiveSettings, type AppConfig } from '@delineo/config';
import { listenForSettings, SettingsRepository, type SettingsListener } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { compileStored } from './settings-loader';

/** A safety net under LISTEN: a NOTIFY sent while this instance's listener was reconnecting. */
const POLL_MS = 15_000;

/**
 * Keeps this instance's LiveSettings at the newest stored version: PostgreSQL LISTEN/NOTIFY (each
 * append notifies on commit) plus a slow poll. Embedded PGlite is one instance; there the writer
 * applies its own change (SettingsService) and the poll alone suffices.
 */
@Injectable()
export class SettingsSync implements BeforeApplicationShutdown {
  private listener?: SettingsListener;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    @Inject(LiveSettings) private readonly live: LiveSettings,
    @Inject(SettingsRepository) private readonly repo: Pick<SettingsRepository, 'latest'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'mode' | 'settings'>,
    @Inject(CoreTokens.Logger) private readonly log: Logger,
  ) {}

  /**
   * Called by the composition root once the gateway is listening (bootstrap.ts), not on a Nest
   * hook: every module must be started before a new version may arrive. Then catches up once,
   * in case a version was saved between the load and now.
   */
  async start(): Promise<void> {
    const db = this.config.mode.db;
    if (db.kind === 'postgres') {
      this.listener = await listenForSettings(
        db.url.reveal(),
        (v) => void this.refresh(v),
        (err) => this.log.warn({ err, event: 'settings-listen-failed' }, 'settings listener lost; reconnecting'),
      ).catch((err: unknown) => {
        this.log.warn({ err, event: 'settings-listen-failed' }, 'no settings listener; polling only');
        return undefined;
      });
    }
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.timer.unref();
    await this.refresh();
  }

  /** Loads and applies the newest version when it is newer than ours; calls run one at a time. */
  refresh(hint?: number): Promise<void> {
    if (hint !== undefined && hint <= this.live.current().version) return this.chain;
    this.chain = this.chain.then(() => this.load()).catch(() => undefined);
    return this.chain;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.listener?.close();
    await this.chain;
  }

  private async load(): Promise<void> {
    const row = await this.repo.latest();
    if (!row || row.version <= this.live.current().version) return;
    try {
      const { errors } = this.live.apply(compileStored(row, this.config.settings));
      this.log.info({ event: 'settings-applied', version: row.version }, 'settings version applied');
      for (const err of errors)
        this.log.error({ err, event: 'settings-listener-failed' }, 'a settings listener failed');
    } catch (err) {
      // Valid where it was written, not here (e.g. this instance has no DICOM TLS): keep ours, loudly.
      this.log.error(
        { err, event: 'settings-rejected', version: row.version, kept: this.live.current().version },
        'stored settings version is invalid on this instance; keeping the current one',
      );
    }
  }
}
