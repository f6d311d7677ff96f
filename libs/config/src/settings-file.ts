import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { load } from 'js-yaml';
import { formatPath, type ConfigIssue } from './config-error';
import { settingsSchema, type Settings } from './settings.schema';

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface SettingsResult {
  settings?: Settings;
  issues: ConfigIssue[];
}

/** Reads and validates the YAML settings file; relative paths inside it resolve against its directory. */
export function loadSettingsFile(file: string | undefined): SettingsResult {
  if (!file) return validateSettings({}, process.cwd());
  let raw: unknown;
  try {
    raw = load(readFileSync(file, 'utf8')) ?? {};
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message =
      code === 'ENOENT' ? `settings file not found: ${file}` : `cannot parse settings file: ${(e as Error).message}`;
    return { issues: [{ path: 'DELINEO_CONFIG', message }] };
  }
  return validateSettings(raw, dirname(resolve(file)));
}

export function validateSettings(raw: unknown, baseDir: string): SettingsResult {
  const base = obj(raw);
  if (!base) return { issues: [{ path: '(root)', message: 'settings must be a YAML mapping' }] };
  const tls = obj(obj(base.dimse)?.tls);
  if (tls)
    for (const k of ['cert', 'key', 'ca'])
      if (typeof tls[k] === 'string') tls[k] = resolvePath(baseDir, tls[k] as string);

  const auth = obj(base.auth);
  for (const [section, keys] of AUTH_FILES) {
    const o = obj(auth?.[section]);
    for (const k of keys) {
      if (typeof o?.[k] === 'string') o[k] = resolvePath(baseDir, o[k] as string);
      if (Array.isArray(o?.[k]))
        o[k] = (o[k] as unknown[]).map((p) => (typeof p === 'string' ? resolvePath(baseDir, p) : p));
    }
  }

  const parsed = settingsSchema.safeParse(base);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  issues.push(...crossCheck(base));
  issues.sort((a, b) => a.path.localeCompare(b.path));
  return parsed.success && issues.length === 0 ? { settings: parsed.data, issues } : { issues };
}

/** Secret and certificate files of the IdP settings: relative to the settings file, checked to exist. */
const AUTH_FILES: Array<[string, string[]]> = [
  ['saml', ['idpCertFile', 'idpCertFiles', 'spKeyFile', 'spCertFile']],
  ['oidc', ['clientSecretFile']],
];

function resolvePath(baseDir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

/** Checks that span fields; run on the raw input so they report even when field validation failed. */
function crossCheck(raw: Raw): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = new Set<string>();
  arr(raw.destinations).forEach((d, i) => {
    const n = obj(d)?.name;
    if (typeof n !== 'string') return;
    if (names.has(n)) issues.push({ path: `destinations[${i}].name`, message: `duplicate destination name "${n}"` });
    names.add(n);
  });
  arr(raw.routing).forEach((r, i) => {
    arr(obj(r)?.deliverTo).forEach((t, j) => {
      if (typeof t === 'string' && !names.has(t)) {
        issues.push({ path: `routing[${i}].deliverTo[${j}]`, message: `unknown destination "${t}"` });
      }
    });
  });
  for (const [section, keys] of AUTH_FILES) {
    const o = obj(obj(raw.auth)?.[section]);
    for (const k of keys) {
      const files = typeof o?.[k] === 'string' ? [o[k]] : Array.isArray(o?.[k]) ? (o[k] as unknown[]) : [];
      files.forEach((f, i) => {
        const at = Array.isArray(o?.[k]) ? `[${i}]` : '';
        if (typeof f === 'string' && !existsSync(f))
          issues.push({ path: `auth.${section}.${k}${at}`, message: `file not found: ${f}` });
      });
    }
  }
  const tls = obj(obj(raw.dimse)?.tls);
  arr(obj(raw.dimse)?.allowedCallers).forEach((c, i) => {
    if (obj(c)?.certSubject !== undefined && (tls?.enabled !== true || tls.requireClientCert === false)) {
      issues.push({
        path: `dimse.allowedCallers[${i}].certSubject`,
        message: 'needs dimse.tls.enabled with requireClientCert',
      });
    }
  });
  if (tls?.enabled === true) {
    for (const k of ['cert', 'key'] as const) {
      if (tls[k] === undefined) issues.push({ path: `dimse.tls.${k}`, message: 'required when tls.enabled is true' });
    }
    if (tls.requireClientCert !== false && tls.ca === undefined) {
      issues.push({ path: 'dimse.tls.ca', message: 'required when tls.requireClientCert is true' });
    }
    for (const k of ['cert', 'key', 'ca'] as const) {
      if (typeof tls[k] === 'string' && !existsSync(tls[k] as string)) {
        issues.push({ path: `dimse.tls.${k}`, message: `file not found: ${tls[k] as string}` });
      }
    }
  }
  return issues;
}
