import { Inject, Injectable, Optional } from '@nestjs/common';
import { generateApiToken, validateApiScopes, type ApiScope } from '@delineo/auth';
import { ApiTokenRepository, type ApiTokenEntity } from '@delineo/db';
import { AccessError } from './access.error';
import { AuditService } from './audit.service';
import { Authenticator } from './authenticator.service';
import type { RequestContext } from './principal';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
const SOURCE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export interface NewTokenRequest {
  name: string;
  scopes: readonly string[];
  /** Required with dicomweb:write: the source this token stands for (routing rules match it). */
  source?: string;
  expiresInDays?: number;
}

export type TokenView = Pick<
  ApiTokenEntity,
  'id' | 'name' | 'scopes' | 'source' | 'createdBy' | 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt'
>;

export const tokenView = (t: ApiTokenEntity): TokenView => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes,
  source: t.source,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

/** API tokens for service accounts: 256 random bits, shown once, stored as a hash, scoped, revocable. */
@Injectable()
export class ApiTokenService {
  constructor(
    @Inject(ApiTokenRepository) private readonly tokens: ApiTokenRepository,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Optional() @Inject(Authenticator) private readonly authenticator?: Pick<Authenticator, 'forget'>,
  ) {}

  async create(
    req: NewTokenRequest,
    createdBy: string,
    ctx?: RequestContext,
  ): Promise<{ token: string; view: TokenView }> {
    if (typeof req.name !== 'string' || !NAME.test(req.name))
      throw new AccessError('access/invalid-request', 'name must be 1–64 letters, digits, space, ".", "_" or "-"');
    let scopes: ApiScope[];
    try {
      scopes = validateApiScopes(Array.isArray(req.scopes) ? req.scopes : []);
    } catch {
      throw new AccessError(
        'access/invalid-request',
        'scopes must be a list of dicomweb:read, dicomweb:write, status:read, pipeline:operate, admin',
      );
    }
    if (scopes.length === 0) throw new AccessError('access/invalid-request', 'a token needs at least one scope');
    const writes = scopes.includes('dicomweb:write');
    if (writes !== (req.source !== undefined))
      throw new AccessError('access/invalid-request', 'source is required with dicomweb:write, and only then');
    if (req.source !== undefined && !SOURCE.test(req.source))
      throw new AccessError('access/invalid-request', 'source must be lowercase letters, digits, "-" or "_" (max 32)');
    const days = req.expiresInDays;
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650))
      throw new AccessError('access/invalid-request', 'expiresInDays must be 1–3650');
    const g = generateApiToken();
    const row = await this.tokens.create({
      id: g.id,
      name: req.name,
      secretHash: g.hash,
      scopes,
      source: req.source ?? null,
      createdBy,
      expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
    });
    await this.audit.record({
      action: 'token.create',
      outcome: 'success',
      target: row.id,
      context: ctx,
      actor: ctx ? undefined : { actorType: 'system', actorId: createdBy },
      details: { scopes: scopes.join(' ') },
    });
    return { token: g.token, view: tokenView(row) };
  }

  async list(): Promise<TokenView[]> {
    return (await this.tokens.list()).map(tokenView);
  }

  async revoke(id: string, ctx?: RequestContext, actorId = 'system'): Promise<void> {
    if (!(await this.tokens.revoke(id))) throw new AccessError('access/not-found', 'no such active token');
    this.authenticator?.forget(id);
    await this.audit.record({
      action: 'token.revoke',
      outcome: 'success',
      target: id,
      context: ctx,
      actor: ctx ? undefined : { actorType: 'system', actorId },
    });
  }
}
