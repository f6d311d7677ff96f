import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './app-config';
import { ConfigError, type ConfigIssue } from './config-error';
import { parseKey, parseKeyring, type VaultKeyring } from './key-parsing';
import { Secret } from './secret';

export interface LoadedSecrets {
  /** HMAC key for keyed pseudonyms (libs/deid). */
  projectKey: Secret<Buffer>;
  vault: VaultKeyring;
  /** Loud messages for the caller to log (e.g. keys were generated on this boot). */
  warnings: string[];
}

interface Source {
  text?: string;
  /** Where the value came from, for messages: an env name or a file path. */
  origin: string;
}

/**
 * Reads the project key and vault keyring from env or *_FILE. In embedded mode, missing secrets are
 * generated once into DATA_DIR/secrets (0700/0600); otherwise they are a ConfigError.
 */
export function loadSecrets(config: Pick<AppConfig, 'secrets' | 'embedded' | 'dataDir'>): LoadedSecrets {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const s = config.secrets;
  const dir = join(config.dataDir, 'secrets');
  const source = (
    envName: string,
    env: Secret<string> | undefined,
    file: string | undefined,
    genFile: string,
    gen: () => string,
  ): Source => {
    if (env && file) issues.push({ path: envName, message: `set only one of ${envName} and ${envName}_FILE` });
    if (env) return { text: env.reveal(), origin: envName };
    if (file) return { text: readSecretFile(file, `${envName}_FILE`, issues), origin: `${envName}_FILE` };
    if (!config.embedded) {
      issues.push({ path: envName, message: `required (or ${envName}_FILE) when DATABASE_URL is set` });
      return { origin: envName };
    }
    const path = join(dir, genFile);
    const created = ensureGenerated(dir, path, gen);
    if (created)
      warnings.push(
        `SECURITY: generated ${envName} into ${path}; back it up, and set ${envName}_FILE in production. Losing it makes pseudonyms and the re-identification vault unrecoverable.`,
      );
    return { text: readSecretFile(path, envName, issues), origin: path };
  };
  const project = source('DELINEO_PROJECT_KEY', s.projectKey, s.projectKeyFile, 'project.key', () =>
    randomBytes(32).toString('base64'),
  );
  const ring = source(
    'DELINEO_VAULT_KEYS',
    s.vaultKeys,
    s.vaultKeysFile,
    'vault.keys',
    () => `k1:${randomBytes(32).toString('base64')}`,
  );

  const projectKey = project.text === undefined ? undefined : parseKey(project.text);
  if (project.text !== undefined && !projectKey)
    issues.push({ path: project.origin, message: 'must be 32 bytes as base64 or hex' });
  const vault = ring.text === undefined ? undefined : parseKeyring(ring.text, s.vaultActiveKeyId, ring.origin, issues);
  if (issues.length > 0 || !projectKey || !vault) throw new ConfigError(issues);
  return { projectKey: new Secret(projectKey), vault, warnings };
}

function readSecretFile(path: string, label: string, issues: ConfigIssue[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    issues.push({ path: label, message: `cannot read ${path} (${(e as { code?: string }).code ?? 'error'})` });
    return undefined;
  }
}

/** Writes a fresh secret via temp file + link so concurrent first boots agree on one value. */
function ensureGenerated(dir: string, path: string, gen: () => string): boolean {
  if (exists(path)) return false;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${gen()}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
