import { LiveSettings, type AppConfig } from '@delineo/config';
import { SettingsRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { loadRuntime } from './settings-loader';

/**
 * This instance's LiveSettings, loaded (or seeded) from PostgreSQL before any module starts: the
 * async factory is awaited by Nest, so DIMSE, STOW and delivery never run on the file's values
 * while the database holds newer ones.
 */
export const liveSettingsProvider = {
  provide: LiveSettings,
  inject: [CoreTokens.Config, SettingsRepository, CoreTokens.Logger],
  useFactory: async (config: AppConfig, repo: SettingsRepository, log: Logger) =>
    new LiveSettings(await loadRuntime(config, repo, log)),
};
