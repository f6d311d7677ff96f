import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { safeReturnTo } from '@delineo/auth';
import type { AppConfig } from '@delineo/config';
import { AuthNonceRepository } from '@delineo/db';
import { CoreTokens } from '../core/core.tokens';
import { Public, SignedIn } from './access.decorator';
import { AccessError } from './access.error';
import { isOidcError } from './oidc/oidc-errors';
import { OidcRelyingParty } from './oidc/oidc-rp';
import { contextOf, type ContextRequest } from './principal';
import { SessionService } from './session.service';
import { SsoSignInService } from './sso-sign-in.service';

const FLOW_COOKIE = 'delineo_oidc';
const FLOW_TTL_MS = 10 * 60_000;
const hash = (v: string) => createHash('sha256').update(v).digest('hex');

/**
 * OpenID Connect sign-in (authorization code + PKCE, state and nonce; OIDC Core §3.1) and
 * RP-initiated logout. The pending flow is kept server-side (any instance can finish it) and bound
 * to the browser that started it by a short-lived cookie, so a callback URL cannot be replayed
 * into someone else's browser (login CSRF).
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private rp?: Promise<OidcRelyingParty>;
  private readonly secure: boolean;

  constructor(
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'auth' | 'http'>,
    @Inject(AuthNonceRepository) private readonly flows: Pick<AuthNonceRepository, 'save' | 'consume'>,
    @Inject(SsoSignInService) private readonly sso: SsoSignInService,
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {
    this.secure = config.http.publicUrl?.startsWith('https://') ?? false;
  }

  @Get('login')
  @Public()
  @ApiOperation({ summary: 'Sign in at the OpenID provider; returnTo: a same-origin path' })
  async login(@Query('returnTo') returnTo: string | undefined, @Res() res: Response): Promise<void> {
    const { url, pending } = await (await this.relyingParty()).begin();
    const binding = randomBytes(24).toString('base64url');
    await this.flows.save(`oidc:${pending.state}`, 'oidc-flow', new Date(Date.now() + FLOW_TTL_MS), {
      nonce: pending.nonce,
      codeVerifier: pending.codeVerifier,
      returnTo: safeReturnTo(returnTo ?? '/'),
      binding: hash(binding),
    });
    res.setHeader(
      'Set-Cookie',
      `${FLOW_COOKIE}=${binding}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${FLOW_TTL_MS / 1000}${this.secure ? '; Secure' : ''}`,
    );
    res.redirect(302, url);
  }

  @Get('callback')
  @Public()
  @ApiOperation({ summary: 'Redirect URI: completes the authorization code flow' })
  async callback(
    @Query('state') state: string | undefined,
    @Req() req: ContextRequest,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = contextOf(req);
    const flow =
      typeof state === 'string' && state.length <= 256
        ? await this.flows.consume(`oidc:${state}`, 'oidc-flow', new Date())
        : undefined;
    const binding = flowCookie(req.headers.cookie);
    if (!flow?.data || !binding || !sameHash(hash(binding), flow.data.binding)) {
      await this.sso.failed('oidc', 'oidc/state-mismatch', ctx);
      throw new AccessError('access/sso-failed', 'no pending sign-in for this browser and state (oidc/state-mismatch)');
    }
    let identity;
    try {
      identity = await (
        await this.relyingParty()
      ).complete(req.originalUrl, { state: state!, nonce: flow.data.nonce, codeVerifier: flow.data.codeVerifier });
    } catch (err) {
      if (!isOidcError(err)) throw err;
      await this.sso.failed('oidc', err.code, ctx);
      throw new AccessError('access/sso-failed', `the OpenID provider's answer was refused (${err.code})`);
    }
    const session = await this.sso.signIn(
      {
        method: 'oidc',
        externalId: `${identity.issuer}|${identity.subject}`,
        email: identity.email ?? null,
        displayName: identity.name ?? null,
        groups: [...identity.groups],
        idpSession: { idToken: identity.idToken },
      },
      ctx,
    );
    res.setHeader('Set-Cookie', [
      session.setCookie,
      `${FLOW_COOKIE}=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0`,
    ]);
    res.redirect(303, safeReturnTo(flow.data.returnTo ?? '/'));
  }

  @Get('logout')
  @SignedIn()
  @ApiOperation({ summary: 'RP-initiated logout: ends this session, then the session at the OpenID provider' })
  async logout(@Req() req: ContextRequest, @Res() res: Response): Promise<void> {
    const { user, idp } = await this.sessions.signOutRequest(req, res);
    const url = user.authMethod === 'oidc' ? (await this.relyingParty()).logoutUrl(idp?.idToken) : undefined;
    res.redirect(302, url ?? '/');
  }

  /** Discovery once, lazily; a failure is forgotten so the next request tries again. */
  private relyingParty(): Promise<OidcRelyingParty> {
    const o = this.config.auth.oidc;
    const base = this.config.http.publicUrl;
    if (!o || !base) throw new AccessError('access/not-found', 'OpenID Connect sign-in is not configured (auth.oidc)');
    this.rp ??= OidcRelyingParty.discover({
      issuer: o.issuer,
      clientId: o.clientId,
      clientSecret: readFileSync(o.clientSecretFile, 'utf8').trim(),
      redirectUri: `${base}/auth/oidc/callback`,
      postLogoutRedirectUri: `${base}/`,
      groupsClaim: o.groupsClaim,
    }).catch((err: unknown) => {
      this.rp = undefined;
      throw err;
    });
    return this.rp;
  }
}

function flowCookie(header: string | undefined): string | undefined {
  const v = header
    ?.split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${FLOW_COOKIE}=`));
  return v?.slice(FLOW_COOKIE.length + 1) || undefined;
}

function sameHash(a: string, b: string | undefined): boolean {
  return b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
