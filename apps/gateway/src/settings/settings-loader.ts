import { basename } from 'node:path';
import {
  compileRuntime,
  ConfigError,
  diffSettings,
  runtimeDocumentOf,
  validateRuntimeDocument,
  type AppConfig,
  type RuntimeConfig,
  type Settings,
} from '@delineo/config';
import type { SettingsRepository, SettingsVersionRow } from '@delineo/db';
import type { Logger } from '@delineo/observability';

/**
 * The live settings at start (issue 15):
 * - `config.source: database` (default): the newest stored version; at the very first start the
 *   file (or the defaults) seeds version 1.
 * - `config.source: file`: the file is authoritative; when it differs from the newest version it
 *   is recorded as a new one, so history shows every GitOps change too.
 * Instances starting together may race to write: the loser of the optimistic append reads again.
 */
export async function loadRuntime(
  config: Pick<AppConfig, 'settings' | 'configSource' | 'settingsFile'>,
  repo: Pick<SettingsRepository, 'latest' | 'append'>,
  log: Logger,
): Promise<RuntimeConfig> {
  const fileDoc = runtimeDocumentOf(config.settings);
  const from = config.settingsFile ? basename(config.settingsFile) : 'the built-in defaults';
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await repo.latest();
    if (latest && config.configSource === 'database') return compileStored(latest, config.settings);
    if (latest && diffSettings(latest.document, fileDoc, 1).length === 0)
      return compileRuntime(fileDoc, latest.version);
    const origin = config.configSource === 'file' ? 'file' : 'seed';
    const out = await repo.append({
      expected: latest?.version ?? 0,
      author: 'system',
      origin,
      comment: origin === 'file' ? `read from ${from} (config.source: file)` : `seeded from ${from}`,
      document: fileDoc,
    });
    if (out.ok) {
      log.info({ event: 'settings-recorded', version: out.row.version, origin }, 'settings version recorded');
      return compileRuntime(fileDoc, out.row.version);
    }
  }
  throw new ConfigError([{ path: 'settings', message: 'could not record the settings: other instances keep writing' }]);
}

/** A stored version, checked against this instance's start-up settings (e.g. DICOM TLS for certSubject). */
export function compileStored(row: SettingsVersionRow, boot: Settings): RuntimeConfig {
  const { document, issues } = validateRuntimeDocument(row.document, boot);
  if (!document) {
    throw new ConfigError(
      issues.map((i) => ({ path: `settings version ${row.version}: ${i.path}`, message: i.message })),
    );
  }
  return compileRuntime(document, row.version);
}
