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
  /**
   * The S3 store the gateway pre-signs work URLs for (its S3_ENDPOINT, S3_BUCKET, S3_REGION,
   * S3_FORCE_PATH_STYLE, without credentials). A job URL pointing anywhere else is refused; with
   * no S3 settings the worker accepts no URL at all.
   */
  s3?: WorkerS3Target;
  /** The largest input object read (WORKER_MAX_OBJECT_BYTES, default 1 GiB, as one DIMSE dataset). */
  maxObjectBytes: number;
  /** Deadline of one HTTP exchange with the store (WORKER_STORE_TIMEOUT_SECONDS, default 900). */
  storeTimeoutMs: number;
  tempDir?: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
  logLevel: LogLevel;
  /** Variables that are set but that the worker never uses (reported once at start). */
  ignored: string[];
}

export interface WorkerS3Target {
  endpoint?: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
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
    s3: s3Target(r),
    maxObjectBytes: r.int('WORKER_MAX_OBJECT_BYTES', 1024 ** 3, 1024 ** 2, 64 * 1024 ** 3),
    storeTimeoutMs: r.int('WORKER_STORE_TIMEOUT_SECONDS', 900, 1, 86400) * 1000,
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
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
    ].filter((n) => r.str(n) !== undefined),
  };
  if (r.issues.length) throw new ConfigError(r.issues);
  return Object.freeze(config);
}

/** Where pre-signed URLs may point, read as storeMode reads it for the gateway (same defaults). */
function s3Target(r: EnvReader): WorkerS3Target | undefined {
  if (r.str('S3_ENDPOINT') === undefined && r.str('S3_BUCKET') === undefined) return undefined;
  const endpoint = r.url('S3_ENDPOINT', ['http', 'https']);
  const bucket = r.str('S3_BUCKET');
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    r.issues.push({ path: 'S3_BUCKET', message: bucket ? 'not a valid bucket name' : 'required with S3_ENDPOINT' });
  return Object.freeze({
    endpoint,
    bucket: bucket ?? '',
    region: r.str('S3_REGION') ?? 'us-east-1',
    forcePathStyle: r.bool('S3_FORCE_PATH_STYLE', endpoint !== undefined),
  });
}
