import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import QRCode from 'qrcode';
import { Public, SignedIn } from './access.decorator';
import { AccessError } from './access.error';
import { LocalAccountService } from './local-account.service';
import { contextOf, signedInUser, type ContextRequest } from './principal';
import { SessionService } from './session.service';

const MAX_FIELD = 1024;

function field(body: unknown, name: string, required: boolean): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_FIELD)
    throw new AccessError('access/invalid-request', `${name} must be a non-empty string`);
  return v;
}

/** Local sign-in (break-glass): password + TOTP, the forced password change and TOTP enrolment. */
@ApiTags('auth')
@Controller('auth/local')
export class LocalLoginController {
  constructor(
    @Inject(LocalAccountService) private readonly accounts: LocalAccountService,
    @Inject(SessionService) private readonly sessions: SessionService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in with username, password and TOTP code (or a recovery code)' })
  async login(@Body() body: unknown, @Req() req: ContextRequest, @Res({ passthrough: true }) res: Response) {
    const username = field(body, 'username', true)!;
    const r = await this.accounts.signIn(
      { username, password: field(body, 'password', true)!, code: field(body, 'code', false) },
      contextOf(req),
    );
    res.setHeader('Set-Cookie', r.session.setCookie);
    res.setHeader('Cache-Control', 'no-store');
    return {
      status: r.status,
      csrfToken: r.session.csrfToken,
      user: { id: r.user.id, name: r.user.username, roles: r.user.roles },
    };
  }

  @Post('password')
  @HttpCode(200)
  @SignedIn({ restrictedOk: true })
  @ApiOperation({ summary: 'Change the password of the signed-in local account' })
  async password(@Body() body: unknown, @Req() req: ContextRequest) {
    const p = signedInUser(req);
    const r = await this.accounts.changePassword(
      p.userId,
      field(body, 'currentPassword', true)!,
      field(body, 'newPassword', true)!,
      contextOf(req),
    );
    if (r.unrestricted) await this.sessions.unrestrict(p.sessionHash);
    return { status: r.unrestricted ? 'signed-in' : 'totp-enrollment-required' };
  }

  @Post('totp/enroll')
  @HttpCode(200)
  @SignedIn({ restrictedOk: true })
  @ApiOperation({ summary: 'Start TOTP enrolment: an otpauth:// URI and its QR code (SVG)' })
  async enroll(@Req() req: ContextRequest, @Res({ passthrough: true }) res: Response) {
    const r = await this.accounts.beginTotp(signedInUser(req).userId);
    res.setHeader('Cache-Control', 'no-store');
    return {
      otpauthUri: r.otpauthUri,
      secret: r.secret,
      qrSvg: await QRCode.toString(r.otpauthUri, { type: 'svg', errorCorrectionLevel: 'M' }),
    };
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @SignedIn({ restrictedOk: true })
  @ApiOperation({ summary: 'Confirm TOTP enrolment with a first code; answers the recovery codes once' })
  async confirm(@Body() body: unknown, @Req() req: ContextRequest, @Res({ passthrough: true }) res: Response) {
    const p = signedInUser(req);
    const r = await this.accounts.confirmTotp(p.userId, field(body, 'code', true)!, contextOf(req));
    if (r.unrestricted) await this.sessions.unrestrict(p.sessionHash);
    res.setHeader('Cache-Control', 'no-store');
    return { status: r.unrestricted ? 'signed-in' : 'password-change-required', recoveryCodes: r.recoveryCodes };
  }
}
