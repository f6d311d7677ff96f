export * from './app-config';
export * from './config-error';
export { loadConfig } from './load-config';
export { loadSecrets, type LoadedSecrets } from './load-secrets';
export { parseKey, parseKeyring, type VaultKeyring, KEY_BYTES } from './key-parsing';
export { compilePattern } from './regex';
export { Secret } from './secret';
export type { Settings, DestinationSettings, RoutingRuleSettings } from './settings.schema';
export { validateSettings } from './settings-file';
export type { Env } from './env';
export { loadWorkerConfig, type WorkerConfig, type OnnxProviderName } from './load-worker-config';
export {
  compileRuntime,
  runtimeDocumentOf,
  validateRuntimeDocument,
  RUNTIME_SECTIONS,
  type RuntimeConfig,
  type RuntimeDocument,
} from './runtime-settings';
export { LiveSettings, type RuntimeListener } from './live-settings';
export { diffSettings, type SettingsChange } from './settings-diff';
