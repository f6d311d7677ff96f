import type { Secret } from './secret';
import type { DestinationSettings, Settings } from './settings.schema';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DbMode = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: Secret<string> };
export type StoreMode =
  | { kind: 'fs'; dir: string }
  | {
      kind: 's3';
      endpoint?: string;
      bucket: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: Secret<string>;
      forcePathStyle: boolean;
    };
export type QueueMode = { kind: 'inprocess' } | { kind: 'redis'; url: Secret<string>; prefix: string };

export interface AllowedCaller {
  aeTitle: string;
  host?: string;
  certSubject?: string;
  /** May use the Query/Retrieve SCP (C-FIND, C-MOVE, C-GET). */
  query: boolean;
}

export interface RoutingMatch {
  modality?: string;
  /** Compiled from the settings pattern; a leading `(?i)` becomes the `i` flag. */
  seriesDescription?: RegExp;
  bodyPart?: string;
  sopClassUid?: string;
  callingAeTitle?: string;
  source?: string;
}

export interface RoutingRule {
  name: string;
  match: RoutingMatch;
  model: string;
  deliverTo: readonly string[];
  priority?: number;
}

/** Raw secret sources captured from env; turned into keys by loadSecrets(). */
export interface SecretSources {
  projectKey?: Secret<string>;
  projectKeyFile?: string;
  vaultKeys?: Secret<string>;
  vaultKeysFile?: string;
  vaultActiveKeyId?: string;
  /** DELINEO_BOOTSTRAP_TOKEN_FILE: an admin-scoped service token registered (hashed) at start. */
  bootstrapTokenFile?: string;
}

export interface AppConfig {
  http: Settings['http'] & { port: number };
  limits: Settings['limits'];
  auth: Settings['auth'];
  dimse: Settings['dimse'] & {
    port: number;
    aeTitle: string;
    allowedCallers: readonly AllowedCaller[];
    /** True when no allowedCallers are configured: only 127.0.0.1/::1 may associate (secure default). */
    loopbackOnly: boolean;
  };
  dataDir: string;
  logLevel: LogLevel;
  /** Path of the YAML settings file, when one was given. */
  settingsFile?: string;
  /** True when DATABASE_URL is absent: PGlite, generated secrets and migrations at boot are allowed. */
  embedded: boolean;
  mode: { db: DbMode; store: StoreMode; queue: QueueMode };
  worker: {
    concurrency: number;
    jobTimeoutMs: number;
    modelsDir: string;
    inProcess: boolean;
    /** ONNX execution providers in order, overriding manifests (ONNX_PROVIDERS). */
    providers?: readonly ('cuda' | 'webgpu' | 'cpu')[];
    lockDurationMs: number;
    stalledIntervalMs: number;
  };
  /** Result delivery per destination: tries, capped exponential backoff, per-attempt timeout. */
  delivery: { attempts: number; backoffMs: number; backoffMaxMs: number; timeoutMs: number; callingAeTitle: string };
  /** Segmentation dispatch: retries, the reconciler, and pre-signed URL lifetime. */
  pipeline: {
    attempts: number;
    backoffMs: number;
    reconcileIntervalMs: number;
    stallMs: number;
    urlTtlSeconds: number;
  };
  series: Settings['series'];
  deid: Settings['deid'];
  vault: Settings['vault'];
  stow: Settings['stow'];
  console: Settings['console'];
  destinations: readonly DestinationSettings[];
  routing: readonly RoutingRule[];
  models: Settings['models'];
  viewer: Settings['viewer'];
  /** `database`: the console edits versioned settings; `file`: DELINEO_CONFIG stays authoritative. */
  configSource: Settings['config']['source'];
  /**
   * The validated settings file as read at start. Its live sections (RuntimeDocument) seed the
   * versioned settings; the services read those through LiveSettings, not from here.
   */
  settings: Settings;
  secrets: SecretSources;
}
