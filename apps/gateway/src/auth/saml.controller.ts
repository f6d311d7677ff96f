import { Body, Controller, Get, HttpCode, Inject, Optional, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { safeReturnTo } from '@delineo/auth';
import { SessionRepository } from '@delineo/db';
import { Public, SignedIn } from './access.decorator';
import { AccessError } from './access.error';
import { AuditService } from './audit.service';
import { contextOf, type ContextRequest } from './principal';
import { SAML_SP } from './saml/saml.provider';
import { isSamlError } from './saml/saml-errors';
import type { SamlServiceProvider } from './saml/saml-sp';
import { SessionService } from './session.service';
import { SsoSignInService } from './sso-sign-in.service';

/** SAML 2.0 Web Browser SSO and Single Logout (SAML Profiles §4.1, §4.4), SP side. */
@ApiTags('auth')
@Controller('auth/saml')
export class SamlController {
  constructor(
    @Optional() @Inject(SAML_SP) private readonly sp: SamlServiceProvider | undefined,
    @Inject(SsoSignInService) private readonly sso: SsoSignInService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(SessionRepository) private readonly sessionRows: Pick<SessionRepository, 'deleteByIdpSession'>,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get('metadata')
  @Public()
  @ApiOperation({ summary: 'SP metadata: entity ID, signing certificate, ACS, SLO' })
  metadata(@Res({ passthrough: true }) res: Response): string {
    res.type('application/samlmetadata+xml');
    return this.configured().metadata();
  }

  @Get('login')
  @Public()
  @ApiOperation({
    summary: 'SP-initiated sign-in: redirect to the IdP with a signed AuthnRequest; returnTo: a same-origin path',
  })
  async login(@Query('returnTo') returnTo: string | undefined, @Res() res: Response): Promise<void> {
    res.redirect(302, await this.configured().loginUrl(safeReturnTo(returnTo ?? '/')));
  }

  @Post('callback')
  @HttpCode(303)
  @Public()
  @ApiOperation({ summary: 'Assertion Consumer Service (HTTP-POST binding)' })
  async callback(
    @Body() body: Record<string, unknown> | undefined,
    @Req() req: ContextRequest,
    @Res() res: Response,
  ): Promise<void> {
    const ctx = contextOf(req);
    const response = typeof body?.SAMLResponse === 'string' ? body.SAMLResponse : '';
    let identity;
    try {
      identity = await this.configured().acceptResponse(response);
    } catch (err) {
      if (!isSamlError(err)) throw err;
      await this.sso.failed('saml', err.code, ctx);
      throw new AccessError('access/sso-failed', `the IdP's response was refused (${err.code})`);
    }
    const idpSession: Record<string, string> = { nameId: identity.nameId };
    if (identity.sessionIndex) idpSession.sessionIndex = identity.sessionIndex;
    if (identity.nameIdFormat) idpSession.nameIdFormat = identity.nameIdFormat;
    const session = await this.sso.signIn(
      {
        method: 'saml',
        externalId: identity.nameId,
        email: identity.email ?? null,
        displayName: identity.displayName ?? null,
        groups: identity.groups,
        idpSession,
      },
      ctx,
    );
    res.setHeader('Set-Cookie', session.setCookie);
    res.redirect(303, safeReturnTo(typeof body?.RelayState === 'string' ? body.RelayState : '/'));
  }

  @Get('logout')
  @SignedIn()
  @ApiOperation({ summary: 'SP-initiated Single Logout: ends this session and the IdP session' })
  async logout(@Req() req: ContextRequest, @Res() res: Response): Promise<void> {
    const { user, idp } = await this.sessions.signOutRequest(req, res);
    if (user.authMethod !== 'saml' || !idp?.nameId) return res.redirect(302, '/');
    res.redirect(
      302,
      await this.configured().logoutUrl(
        { nameId: idp.nameId, nameIdFormat: idp.nameIdFormat, sessionIndex: idp.sessionIndex },
        '/',
      ),
    );
  }

  @Get('logout/callback')
  @Public()
  @ApiOperation({
    summary: 'Single Logout endpoint (HTTP-Redirect binding): LogoutResponse or IdP-initiated LogoutRequest',
  })
  async logoutRedirect(@Req() req: ContextRequest, @Res() res: Response): Promise<void> {
    const q = req.originalUrl.indexOf('?');
    await this.logoutMessage({ binding: 'redirect', rawQuery: q < 0 ? '' : req.originalUrl.slice(q + 1) }, req, res);
  }

  @Post('logout/callback')
  @Public()
  @ApiOperation({ summary: 'Single Logout endpoint (HTTP-POST binding)' })
  async logoutPost(
    @Body() body: Record<string, string> | undefined,
    @Req() req: ContextRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.logoutMessage({ binding: 'post', body: body ?? {} }, req, res);
  }

  private async logoutMessage(
    input: Parameters<SamlServiceProvider['acceptLogout']>[0],
    req: ContextRequest,
    res: Response,
  ): Promise<void> {
    const ctx = contextOf(req);
    let r;
    try {
      r = await this.configured().acceptLogout(input);
    } catch (err) {
      if (!isSamlError(err)) throw err;
      await this.audit.record({
        action: 'auth.saml.logout',
        outcome: 'failure',
        context: ctx,
        details: { code: err.code },
      });
      throw new AccessError('access/sso-failed', `the IdP's logout message was refused (${err.code})`);
    }
    if (r.kind === 'response') return res.redirect(302, safeReturnTo(r.relayState ?? '/'));
    const match: Record<string, string> = { nameId: r.nameId };
    if (r.sessionIndex) match.sessionIndex = r.sessionIndex;
    const ended = await this.sessionRows.deleteByIdpSession(match);
    await this.audit.record({
      action: 'auth.saml.logout',
      outcome: 'success',
      context: ctx,
      details: { initiatedBy: 'idp', sessions: ended },
    });
    res.redirect(302, r.responseUrl);
  }

  private configured(): SamlServiceProvider {
    if (!this.sp) throw new AccessError('access/not-found', 'SAML sign-in is not configured (auth.saml)');
    return this.sp;
  }
}
