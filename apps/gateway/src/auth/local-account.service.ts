import { Inject, Injectable } from '@nestjs/common';
import {
  assertPasswordPolicy,
  base32Decode,
  base32Encode,
  consumeRecoveryCode,
  generateRecoveryCodes,
  generateTotpSecret,
  hashPassword,
  totpUri,
  verifyPassword,
  verifyTotp,
} from '@delineo/auth';
import type { AppConfig } from '@delineo/config';
import { AuthThrottleRepository, UserRepository, type UserEntity } from '@delineo/db';
import { openRecord, sealRecord, type Keyring, type SealedRecord } from '@delineo/deid';
import { CoreTokens } from '../core/core.tokens';
import { AccessError } from './access.error';
import { AuditService } from './audit.service';
import type { RequestContext } from './principal';
import { SessionService, type StartedSession } from './session.service';

export type SignInStatus = 'signed-in' | 'password-change-required' | 'totp-enrollment-required';

/** A hash to verify when the account does not exist, so the answer takes as long either way. */
let dummy: Promise<string> | undefined;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword('not a real password, only for timing'));

/**
 * Local accounts (break-glass, and sites without an IdP): scrypt passwords, mandatory TOTP
 * (RFC 6238) with hashed recovery codes, and throttling per account and per source address
 * with a lockout. Every outcome is audited; no answer says whether an account exists.
 */
@Injectable()
export class LocalAccountService {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(AuthThrottleRepository)
    private readonly throttle: Pick<AuthThrottleRepository, 'lockedUntil' | 'fail' | 'reset'>,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Inject(CoreTokens.Keyring) private readonly keyring: Keyring,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'auth'>,
  ) {}

  async signIn(
    input: { username: string; password: string; code?: string },
    ctx: RequestContext,
  ): Promise<{ status: SignInStatus; session: StartedSession; user: UserEntity }> {
    if (!this.config.auth.local.enabled)
      throw new AccessError('access/sign-in-method-disabled', 'local sign-in is disabled');
    const now = new Date();
    const keys = [`user:${input.username.toLowerCase()}`, `ip:${ctx.sourceAddress ?? 'unknown'}`];
    for (const k of keys) {
      if (await this.throttle.lockedUntil(k, now)) {
        await this.audit.record({
          action: 'auth.local.sign-in',
          outcome: 'denied',
          target: input.username,
          context: ctx,
          details: { reason: 'locked' },
        });
        throw new AccessError('access/locked', 'too many failed attempts; try again later');
      }
    }
    const user = await this.users.findByUsername(input.username);
    const local = user?.authMethod === 'local' && user.passwordHash ? user : undefined;
    const passwordOk = await verifyPassword(input.password, local?.passwordHash ?? (await dummyHash()));
    if (!local || !passwordOk || !(await this.secondFactor(local, input.code, now)))
      return this.failed(input.username, keys, ctx, now);
    if (local.disabledAt) throw new AccessError('access/disabled', 'this account is disabled');
    await Promise.all(keys.map((k) => this.throttle.reset(k)));
    await this.users.markLogin(local.id);
    const status: SignInStatus = local.mustChangePassword
      ? 'password-change-required'
      : local.totpEnrolledAt
        ? 'signed-in'
        : 'totp-enrollment-required';
    const session = await this.sessions.start(local, {
      authMethod: 'local',
      restricted: status !== 'signed-in',
      sourceAddress: ctx.sourceAddress,
    });
    await this.audit.record({
      action: 'auth.local.sign-in',
      outcome: 'success',
      target: local.username,
      actor: { actorType: 'user', actorId: local.id },
      context: ctx,
      details: { status },
    });
    return { status, session, user: local };
  }

  /** The password is checked again here; the new one must pass the policy (NIST SP 800-63B §5.1.1.2). */
  async changePassword(
    userId: string,
    current: string,
    next: string,
    ctx: RequestContext,
  ): Promise<{ unrestricted: boolean }> {
    const user = await this.localUser(userId);
    if (!(await verifyPassword(current, user.passwordHash ?? (await dummyHash())))) {
      await this.audit.record({
        action: 'auth.local.password-change',
        outcome: 'failure',
        target: user.username,
        context: ctx,
      });
      throw new AccessError('access/invalid-credentials', 'the current password is wrong');
    }
    assertPasswordPolicy(next, { username: user.username });
    await this.users.setPassword(user.id, await hashPassword(next), false);
    await this.audit.record({
      action: 'auth.local.password-change',
      outcome: 'success',
      target: user.username,
      context: ctx,
    });
    return { unrestricted: !!user.totpEnrolledAt };
  }

  /** A new TOTP secret, sealed with the vault keyring until the first valid code confirms it. */
  async beginTotp(userId: string): Promise<{ otpauthUri: string; secret: string }> {
    const user = await this.localUser(userId);
    if (user.totpEnrolledAt)
      throw new AccessError('access/invalid-request', 'TOTP is already enrolled; an administrator can reset it');
    const secret = generateTotpSecret();
    await this.users.setPendingTotp(user.id, { ...sealRecord(base32Encode(secret), this.keyring, `totp:${user.id}`) });
    return { otpauthUri: totpUri({ secret, account: user.username, issuer: 'Delineo' }), secret: base32Encode(secret) };
  }

  async confirmTotp(
    userId: string,
    code: string,
    ctx: RequestContext,
  ): Promise<{ recoveryCodes: string[]; unrestricted: boolean }> {
    const user = await this.localUser(userId);
    const step =
      user.totpSealed && !user.totpEnrolledAt ? verifyTotp(this.secretOf(user), code, { now: new Date() }) : undefined;
    const codes = generateRecoveryCodes();
    if (step === undefined || !(await this.users.confirmTotp(user.id, step, codes.hashes))) {
      await this.audit.record({
        action: 'auth.local.totp-enrol',
        outcome: 'failure',
        target: user.username,
        context: ctx,
      });
      throw new AccessError('access/invalid-credentials', 'the code does not match the new secret');
    }
    await this.audit.record({
      action: 'auth.local.totp-enrol',
      outcome: 'success',
      target: user.username,
      context: ctx,
    });
    return { recoveryCodes: codes.codes, unrestricted: !user.mustChangePassword };
  }

  /** TOTP (each step once) or one recovery code; none is asked before enrolment. */
  private async secondFactor(user: UserEntity, code: string | undefined, now: Date): Promise<boolean> {
    if (!user.totpEnrolledAt) return true;
    if (!code) return false;
    const lastUsedStep = user.totpLastStep === null ? undefined : Number(user.totpLastStep);
    const step = /^\d{6}$/.test(code.trim()) ? verifyTotp(this.secretOf(user), code, { now, lastUsedStep }) : undefined;
    if (step !== undefined) return this.users.useTotpStep(user.id, step);
    const index = consumeRecoveryCode(user.recoveryCodes, code);
    return index !== undefined && this.users.useRecoveryCode(user.id, index, user.recoveryCodes[index]!);
  }

  private secretOf(user: UserEntity): Buffer {
    return base32Decode(
      openRecord<string>(user.totpSealed as unknown as SealedRecord, this.keyring, `totp:${user.id}`),
    );
  }

  private async failed(username: string, keys: string[], ctx: RequestContext, now: Date): Promise<never> {
    const p = this.config.auth.lockout;
    const policy = { windowMs: p.windowMinutes * 60_000, maxFailures: p.maxFailures, lockMs: p.lockMinutes * 60_000 };
    const results = await Promise.all(keys.map((k) => this.throttle.fail(k, now, policy)));
    await this.audit.record({ action: 'auth.local.sign-in', outcome: 'failure', target: username, context: ctx });
    if (results.some((r) => r.lockedUntil)) {
      await this.audit.record({ action: 'auth.local.lockout', outcome: 'denied', target: username, context: ctx });
    }
    throw new AccessError('access/invalid-credentials', 'wrong username, password or code');
  }

  private async localUser(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user || user.authMethod !== 'local')
      throw new AccessError('access/invalid-request', 'only local accounts have a password and TOTP here');
    return user;
  }
}
