import { join, resolve } from 'node:path';
import type { AppConfig, DbMode, LogLevel, QueueMode, StoreMode } from './app-config';
import { ConfigError } from './config-error';
import { EnvReader, type Env } from './env';
import { compileRule } from './runtime-settings';
import { Secret } from './secret';
import { loadSettingsFile } from './settings-file';
import { aeTitle } from './settings.schema';

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Builds the frozen AppConfig from env plus the YAML settings file named by DELINEO_CONFIG.
 * The only reader of process.env in the codebase. Throws ConfigError listing every issue.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const r = new EnvReader(env);
  const dataDir = resolve(r.str('DATA_DIR') ?? './data');
  const settingsFile = r.str('DELINEO_CONFIG');
  const { settings, issues } = loadSettingsFile(settingsFile);
  const ae = r.str('DIMSE_AE_TITLE') ?? 'DELINEO';
  const aeCheck = aeTitle.safeParse(ae);
  if (!aeCheck.success) r.issues.push({ path: 'DIMSE_AE_TITLE', message: aeCheck.error.issues[0].message });

  const partial = {
    httpPort: r.int('HTTP_PORT', 8080, 0, 65535),
    dimsePort: r.int('DIMSE_PORT', 11112, 0, 65535),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    db: dbMode(r, dataDir),
    store: storeMode(r, dataDir),
    queue: queueMode(r),
    worker: {
      concurrency: r.int('WORKER_CONCURRENCY', 1, 1, 64),
      jobTimeoutMs: r.int('WORKER_JOB_TIMEOUT_SECONDS', 3600, 1, 7 * 86400) * 1000,
      modelsDir: resolve(r.str('MODELS_DIR') ?? './models'),
      inProcess: r.bool('WORKER_IN_PROCESS', true),
      providers: providers(r),
      lockDurationMs: r.int('WORKER_LOCK_SECONDS', 30, 1, 3600) * 1000,
      stalledIntervalMs: r.int('WORKER_STALLED_CHECK_SECONDS', 30, 1, 3600) * 1000,
    },
    delivery: {
      attempts: r.int('DELIVERY_ATTEMPTS', 12, 1, 1000),
      backoffMs: r.int('DELIVERY_BACKOFF_SECONDS', 10, 1, 86400) * 1000,
      backoffMaxMs: r.int('DELIVERY_BACKOFF_MAX_SECONDS', 600, 1, 86400) * 1000,
      timeoutMs: r.int('DELIVERY_TIMEOUT_SECONDS', 60, 1, 3600) * 1000,
    },
    pipeline: {
      attempts: r.int('SEGMENT_ATTEMPTS', 3, 1, 20),
      backoffMs: r.int('SEGMENT_BACKOFF_SECONDS', 10, 1, 3600) * 1000,
      reconcileIntervalMs: r.int('RECONCILE_INTERVAL_SECONDS', 30, 1, 3600) * 1000,
      stallMs: r.int('RECONCILE_STALL_SECONDS', 120, 1, 86400) * 1000,
      // S3 pre-signed URLs live at most 7 days (SigV4); the reconciler re-signs when it re-dispatches.
      urlTtlSeconds: r.int('WORK_URL_TTL_SECONDS', 86400, 60, 604800),
    },
    secrets: {
      projectKey: secret(r.str('DELINEO_PROJECT_KEY')),
      projectKeyFile: r.str('DELINEO_PROJECT_KEY_FILE'),
      vaultKeys: secret(r.str('DELINEO_VAULT_KEYS')),
      vaultKeysFile: r.str('DELINEO_VAULT_KEYS_FILE'),
      vaultActiveKeyId: r.str('DELINEO_VAULT_ACTIVE_KEY_ID'),
      bootstrapTokenFile: r.str('DELINEO_BOOTSTRAP_TOKEN_FILE'),
    },
  };
  const all = [...r.issues, ...issues];
  if (all.length > 0 || !settings) throw new ConfigError(all);

  const config: AppConfig = {
    http: { ...settings.http, port: partial.httpPort },
    limits: settings.limits,
    auth: settings.auth,
    dimse: {
      ...settings.dimse,
      port: partial.dimsePort,
      aeTitle: ae.trim(),
      loopbackOnly: settings.dimse.allowedCallers.length === 0,
    },
    dataDir,
    logLevel: partial.logLevel,
    settingsFile: settingsFile ? resolve(settingsFile) : undefined,
    embedded: partial.db.kind === 'pglite',
    mode: { db: partial.db, store: partial.store, queue: partial.queue },
    worker: partial.worker,
    pipeline: partial.pipeline,
    delivery: { ...partial.delivery, callingAeTitle: ae.trim() },
    series: settings.series,
    deid: settings.deid,
    vault: settings.vault,
    stow: settings.stow,
    console: settings.console,
    destinations: settings.destinations,
    routing: settings.routing.map(compileRule),
    models: settings.models,
    viewer: settings.viewer,
    configSource: settings.config.source,
    settings,
    secrets: partial.secrets,
  };
  return deepFreeze(config);
}

const PROVIDERS = ['cuda', 'webgpu', 'cpu'] as const;

/** ONNX_PROVIDERS=webgpu,cpu: the order the in-process worker tries; absent = each manifest's order. */
export function providers(r: EnvReader): (typeof PROVIDERS)[number][] | undefined {
  const list = r
    .str('ONNX_PROVIDERS')
    ?.split(',')
    .map((p) => p.trim());
  if (!list) return undefined;
  if (!list.length || list.some((p) => !(PROVIDERS as readonly string[]).includes(p))) {
    r.issues.push({ path: 'ONNX_PROVIDERS', message: `must be a comma list of ${PROVIDERS.join(', ')}` });
    return undefined;
  }
  return list as (typeof PROVIDERS)[number][];
}

function secret(v: string | undefined): Secret<string> | undefined {
  return v === undefined ? undefined : new Secret(v);
}

function dbMode(r: EnvReader, dataDir: string): DbMode {
  const url = r.url('DATABASE_URL', ['postgres', 'postgresql']);
  return url ? { kind: 'postgres', url: new Secret(url) } : { kind: 'pglite', dir: join(dataDir, 'pglite') };
}

export function queueMode(r: EnvReader): QueueMode {
  const url = r.url('REDIS_URL', ['redis', 'rediss']);
  const prefix = r.str('QUEUE_PREFIX') ?? 'delineo';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(prefix))
    r.issues.push({ path: 'QUEUE_PREFIX', message: 'must be [A-Za-z0-9_-]{1,32}' });
  return url ? { kind: 'redis', url: new Secret(url), prefix } : { kind: 'inprocess' };
}

export function storeMode(r: EnvReader, dataDir: string): StoreMode {
  const names = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];
  if (names.every((n) => r.str(n) === undefined)) return { kind: 'fs', dir: join(dataDir, 'objects') };
  const bucket = r.str('S3_BUCKET');
  if (!bucket) r.issues.push({ path: 'S3_BUCKET', message: 'required when any S3_* variable is set' });
  else if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    r.issues.push({ path: 'S3_BUCKET', message: 'not a valid bucket name' });
  const accessKeyId = r.str('S3_ACCESS_KEY_ID');
  const secretKey = r.str('S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretKey === undefined)) {
    r.issues.push({
      path: 'S3_ACCESS_KEY_ID',
      message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
    });
  }
  const endpoint = r.url('S3_ENDPOINT', ['http', 'https']);
  return {
    kind: 's3',
    endpoint,
    bucket: bucket ?? '',
    region: r.str('S3_REGION') ?? 'us-east-1',
    accessKeyId,
    secretAccessKey: secret(secretKey),
    forcePathStyle: r.bool('S3_FORCE_PATH_STYLE', endpoint !== undefined),
  };
}

function deepFreeze<T>(value: T): T {
  if (
    value &&
    typeof value === 'object' &&
    !(value instanceof RegExp) &&
    !(value instanceof Secret) &&
    !Object.isFrozen(value)
  ) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
