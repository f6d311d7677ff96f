import { join, resolve } from 'node:path';
import type { LogLevel, QueueMode } from './app-config';
import { ConfigError } from './config-error';
import { EnvReader, type Env } from './env';
import { LOG_LEVELS, providers, queueMode } from './load-config';
import type { Secret } from './secret';

export type OnnxProviderName = 'cuda' | 'webgpu' | 'cpu';

/**
 * The standalone worker's settings. It needs Redis, its models and, only when it shares a
 * filesystem with the gateway, the object-store folder that `fs:` locators point into. It reads
 * no DATABASE_URL, vault key or project key: a GPU node holds nothing that could re-identify.
 */
export interface WorkerConfig {
  queue: Extract<QueueMode, { kind: 'redis' }>;
  modelsDir: string;
  concurrency: number;
  /** Overrides each manifest's executionProviders order when set (ONNX_PROVIDERS=webgpu,cpu). */
  providers?: OnnxProviderName[];
  /** Root of the filesystem object store, for `fs:work/…` locators; absent when only URLs are used. */
  objectsDir?: string;
  tempDir?: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
  logLevel: LogLevel;
  /** Variables that are set but that the worker never uses (reported once at start). */
  ignored: string[];
}

export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const r = new EnvReader(env);
  const queue = queueMode(r);
  if (queue.kind !== 'redis')
    r.issues.push({ path: 'REDIS_URL', message: 'is required: the standalone worker takes jobs from Redis' });
  const dataDir = r.str('DATA_DIR');
  const config: WorkerConfig = {
    queue: queue.kind === 'redis' ? queue : { kind: 'redis', url: undefined as unknown as Secret<string>, prefix: '' },
    modelsDir: resolve(r.str('MODELS_DIR') ?? './models'),
    concurrency: r.int('WORKER_CONCURRENCY', 1, 1, 64),
    providers: providers(r),
    objectsDir: r.str('OBJECTS_DIR')
      ? resolve(r.str('OBJECTS_DIR')!)
      : dataDir
        ? join(resolve(dataDir), 'objects')
        : undefined,
    tempDir: r.str('WORKER_TEMP_DIR'),
    lockDurationMs: r.int('WORKER_LOCK_SECONDS', 30, 1, 3600) * 1000,
    stalledIntervalMs: r.int('WORKER_STALLED_CHECK_SECONDS', 30, 1, 3600) * 1000,
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    ignored: [
      'DATABASE_URL',
      'DELINEO_VAULT_KEYS',
      'DELINEO_VAULT_KEYS_FILE',
      'DELINEO_PROJECT_KEY',
      'DELINEO_PROJECT_KEY_FILE',
    ].filter((n) => r.str(n) !== undefined),
  };
  if (r.issues.length) throw new ConfigError(r.issues);
  return Object.freeze(config);
}
