import type { ConfigIssue } from './config-error';
import { Secret } from './secret';

export const KEY_BYTES = 32;

/** A 32-byte key as 64 hex chars or base64/base64url. Never echoes the input in errors. */
export function parseKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return undefined;
  const buf = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
  return buf.length === KEY_BYTES ? buf : undefined;
}

export interface VaultKeyring {
  activeKeyId: string;
  keys: ReadonlyMap<string, Secret<Buffer>>;
}

/** `id1:key1,id2:key2` (commas or newlines). The active key is `activeId` or the first listed. */
export function parseKeyring(
  text: string,
  activeId: string | undefined,
  path: string,
  issues: ConfigIssue[],
): VaultKeyring | undefined {
  const keys = new Map<string, Secret<Buffer>>();
  const entries = text
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) issues.push({ path, message: 'keyring is empty' });
  entries.forEach((entry, i) => {
    const sep = entry.indexOf(':');
    const id = sep > 0 ? entry.slice(0, sep) : '';
    const key = sep > 0 ? parseKey(entry.slice(sep + 1)) : undefined;
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id))
      issues.push({ path: `${path}[${i}]`, message: 'expected "<key-id>:<key>" with an id of [A-Za-z0-9_-]{1,32}' });
    else if (!key)
      issues.push({ path: `${path}[${i}]`, message: `key "${id}" must be ${KEY_BYTES} bytes as base64 or hex` });
    else if (keys.has(id)) issues.push({ path: `${path}[${i}]`, message: `duplicate key id "${id}"` });
    else keys.set(id, new Secret(key));
  });
  const active = activeId ?? keys.keys().next().value;
  if (activeId !== undefined && !keys.has(activeId)) {
    issues.push({ path: 'DELINEO_VAULT_ACTIVE_KEY_ID', message: `no key with id "${activeId}" in the keyring` });
  }
  return active !== undefined && keys.has(active) ? { activeKeyId: active, keys } : undefined;
}
