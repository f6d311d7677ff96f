import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import QRCode from 'qrcode';
import { Public, SignedIn } from './access.decorator';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import {
  ChangePasswordDto,
  LoginDto,
  SignInDto,
  SignInStatusDto,
  TotpCodeDto,
  TotpConfirmedDto,
  TotpEnrolmentDto,
} from './local-login.dto';
import { LocalAccountService } from './local-account.service';
import { contextOf, signedInUser, type ContextRequest } from './principal';
import { SessionService } from './session.service';

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
  @ApiOkResponse({ type: SignInDto })
  @ApiProblems(400, 401, 403, 413, 429, 503)
  async login(
    @Body(validated(LoginDto)) body: LoginDto,
    @Req() req: ContextRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SignInDto> {
    const r = await this.accounts.signIn(
      { username: body.username, password: body.password, code: body.code },
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
  @ApiOkResponse({ type: SignInStatusDto })
  @ApiProblems(400, 401, 403, 413, 503)
  async password(
    @Body(validated(ChangePasswordDto)) body: ChangePasswordDto,
    @Req() req: ContextRequest,
  ): Promise<SignInStatusDto> {
    const p = signedInUser(req);
    const r = await this.accounts.changePassword(p.userId, body.currentPassword, body.newPassword, contextOf(req));
    if (r.unrestricted) await this.sessions.unrestrict(p.sessionHash);
    return { status: r.unrestricted ? 'signed-in' : 'totp-enrollment-required' };
  }

  @Post('totp/enroll')
  @HttpCode(200)
  @SignedIn({ restrictedOk: true })
  @ApiOperation({ summary: 'Start TOTP enrolment: an otpauth:// URI and its QR code (SVG)' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiProblems(400, 401, 403, 503)
  async enroll(@Req() req: ContextRequest, @Res({ passthrough: true }) res: Response): Promise<TotpEnrolmentDto> {
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
  @ApiOkResponse({ type: TotpConfirmedDto })
  @ApiProblems(400, 401, 403, 413, 503)
  async confirm(
    @Body(validated(TotpCodeDto)) body: TotpCodeDto,
    @Req() req: ContextRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TotpConfirmedDto> {
    const p = signedInUser(req);
    const r = await this.accounts.confirmTotp(p.userId, body.code, contextOf(req));
    if (r.unrestricted) await this.sessions.unrestrict(p.sessionHash);
    res.setHeader('Cache-Control', 'no-store');
    return { status: r.unrestricted ? 'signed-in' : 'password-change-required', recoveryCodes: r.recoveryCodes };
  }
}
