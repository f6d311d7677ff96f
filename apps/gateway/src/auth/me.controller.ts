import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, SignedIn } from './access.decorator';
import { ApiProblems } from '../errors/api-problems.decorator';
import { AccessError } from './access.error';
import { LogoutDto, MeDto } from './me.dto';
import { contextOf, type ContextRequest } from './principal';
import { SessionService } from './session.service';

/** Who am I, and sign out. */
@ApiTags('auth')
@Controller()
export class MeController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Get('api/v1/me')
  @SignedIn({ restrictedOk: true })
  @ApiOperation({
    summary: 'The signed-in user: id, name, email, roles, sign-in method; and the CSRF token for writes',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401, 503)
  me(@Req() req: ContextRequest): MeDto {
    const p = contextOf(req).principal;
    if (p?.kind !== 'user') throw new AccessError('access/unauthenticated', 'sign in first');
    return {
      id: p.userId,
      name: p.displayName ?? p.username,
      username: p.username,
      email: p.email,
      roles: p.roles,
      authMethod: p.authMethod,
      restricted: p.restricted,
      csrfToken: p.csrfToken,
    };
  }

  /**
   * Ends the local session (revoked server-side) whatever the sign-in method. SAML users are sent
   * on to /auth/saml/logout for single logout at the IdP by the console; this route never fails.
   */
  @Post('auth/logout')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign out: the session is revoked and the cookie cleared' })
  @ApiOkResponse({ type: LogoutDto, description: 'Also when no one was signed in' })
  @ApiProblems(503)
  async logout(@Req() req: ContextRequest, @Res({ passthrough: true }) res: Response): Promise<LogoutDto> {
    const ctx = contextOf(req);
    const p = ctx.principal;
    res.setHeader('Set-Cookie', this.sessions.clearCookie());
    if (p?.kind !== 'user') return { status: 'signed-out' };
    await this.sessions.signOut(p, ctx);
    return { status: 'signed-out', singleLogout: p.authMethod === 'saml' ? '/auth/saml/logout' : undefined };
  }
}
