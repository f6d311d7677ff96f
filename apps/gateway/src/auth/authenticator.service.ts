import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isApiScope, isRole, parseApiToken, verifyApiToken, type ApiScope, type Role } from '@delineo/auth';
import type { AppConfig } from '@delineo/config';
import { ApiTokenRepository, SessionRepository, type ApiTokenEntity } from '@delineo/db';
import { CoreTokens } from '../core/core.tokens';
import { SESSION_COOKIE } from './access.decorator';
import { AccessError } from './access.error';
import type { Principal } from './principal';

/** A session is slid (last_seen written) at most this often: the idle timeout's resolution. */
const TOUCH_EVERY_MS = 30_000;
const TOKEN_TOUCH_EVERY_MS = 60_000;
/**
 * A token row read from the database serves this long before it is read again. The secret is still
 * checked against the row's hash on every request; a revocation is seen at once by the instance
 * that revoked (forget()), and by the others within this time.
 */
const TOKEN_CACHE_MS = 5_000;
const TOKEN_CACHE_MAX = 10_000;
/** Longer than any token we issue (`dln_` + 12 + `_` + 43): refuse bigger headers before parsing. */
const MAX_CREDENTIAL_LENGTH = 512;

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/**
 * Resolves the caller from `Authorization: Bearer <token>` or the session cookie. A credential
 * that is presented but invalid (unknown, revoked, expired, idle) is an error, never a silent
 * fall-through to anonymous. Only hashes are compared with what is stored.
 */
@Injectable()
export class Authenticator {
  private readonly idleMs: number;
  private readonly tokenRows = new Map<string, { row: ApiTokenEntity | null; until: number }>();
  private readonly touchedAt = new Map<string, number>();

  constructor(
    @Inject(ApiTokenRepository) private readonly tokens: Pick<ApiTokenRepository, 'find' | 'touch'>,
    @Inject(SessionRepository) private readonly sessions: Pick<SessionRepository, 'find' | 'touch' | 'delete'>,
    @Inject(CoreTokens.Config) config: Pick<AppConfig, 'auth'>,
  ) {
    this.idleMs = config.auth.session.idleMinutes * 60_000;
  }

  async authenticate(
    headers: { authorization?: string; cookie?: string },
    now = new Date(),
  ): Promise<Principal | undefined> {
    const auth = headers.authorization;
    if (auth !== undefined) return this.bearer(auth, now);
    const cookie = sessionCookie(headers.cookie);
    return cookie === undefined ? undefined : this.session(cookie, now);
  }

  private async bearer(header: string, now: Date): Promise<Principal> {
    const m = /^Bearer ([!-~]+)$/i.exec(header.length <= MAX_CREDENTIAL_LENGTH ? header.trim() : '');
    // DELINEO_BOOTSTRAP_TOKEN_FILE's token may have any form (≥ 32 characters): it is the row 'bootstrap'.
    const parsed = m
      ? (parseApiToken(m[1]) ?? (m[1].length >= 32 ? { id: 'bootstrap', secret: m[1] } : undefined))
      : undefined;
    if (!parsed) throw new AccessError('access/unauthenticated', 'malformed bearer token');
    const row = await this.tokenRow(parsed.id, now);
    const valid =
      row && !row.revokedAt && (!row.expiresAt || row.expiresAt > now) && verifyApiToken(parsed.secret, row.secretHash);
    if (!row || !valid) throw new AccessError('access/unauthenticated', 'unknown, revoked or expired token');
    if ((this.touchedAt.get(row.id) ?? 0) <= now.getTime() - TOKEN_TOUCH_EVERY_MS) {
      this.touchedAt.set(row.id, now.getTime());
      void this.tokens.touch(row.id, now, TOKEN_TOUCH_EVERY_MS).catch(() => undefined); // bookkeeping only
    }
    return {
      kind: 'token',
      tokenId: row.id,
      name: row.name,
      scopes: row.scopes.filter(isApiScope) as ApiScope[],
      source: row.source,
    };
  }

  /** Drops a token's cached row (it was revoked or replaced here). */
  forget(tokenId: string): void {
    this.tokenRows.delete(tokenId);
  }

  private async tokenRow(id: string, now: Date): Promise<ApiTokenEntity | null> {
    const hit = this.tokenRows.get(id);
    if (hit && hit.until > now.getTime()) return hit.row;
    const row = await this.tokens.find(id);
    if (this.tokenRows.size >= TOKEN_CACHE_MAX) this.tokenRows.clear();
    this.tokenRows.set(id, { row, until: now.getTime() + TOKEN_CACHE_MS });
    return row;
  }

  private async session(value: string, now: Date): Promise<Principal> {
    if (value.length > MAX_CREDENTIAL_LENGTH)
      throw new AccessError('access/unauthenticated', 'malformed session cookie');
    const idHash = sha256(value);
    const found = await this.sessions.find(idHash);
    if (!found) throw new AccessError('access/unauthenticated', 'no such session');
    const { session, user } = found;
    if (session.expiresAt <= now || session.lastSeenAt.getTime() + this.idleMs <= now.getTime() || user.disabledAt) {
      await this.sessions.delete(idHash); // automatic logoff
      throw new AccessError('access/unauthenticated', 'session expired');
    }
    await this.sessions.touch(idHash, now, Math.min(TOUCH_EVERY_MS, this.idleMs / 10));
    return {
      kind: 'user',
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      email: user.email,
      roles: user.roles.filter(isRole) as Role[],
      authMethod: session.authMethod,
      sessionHash: idHash,
      csrfToken: session.csrfToken,
      restricted: session.restricted,
    };
  }
}

/** The session cookie's value from a Cookie header (RFC 6265 §5.4), or undefined. */
export function sessionCookie(header: string | undefined): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}
