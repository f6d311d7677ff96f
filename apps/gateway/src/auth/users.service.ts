import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hashPassword } from '@delineo/auth';
import { SessionRepository, UserRepository, type UserEntity } from '@delineo/db';
import { AuditService } from './audit.service';
import type { RequestContext } from './principal';
import type { CreateUserDto, ResetPasswordDto, UpdateUserDto, UserPageDto, UserWithPasswordDto } from './users.dto';
import { UsersError } from './users.error';
import { userView } from './users.mapper';

/** 144 random bits, as the admin CLI's reset-password; the user must change it at first sign-in. */
const oneTimePassword = (): string => randomBytes(18).toString('base64url');

/**
 * Accounts for administrators: local accounts are created here (with a one-time password, the
 * same as the CLI); SSO accounts arrive at first sign-in. Every change is audited with ids and
 * usernames only.
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(SessionRepository) private readonly sessions: Pick<SessionRepository, 'deleteForUser'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
  ) {}

  async list(limit: number, offset: number): Promise<UserPageDto> {
    const page = await this.users.page(limit, offset);
    return { items: page.items.map(userView), total: page.total, limit, offset };
  }

  async create(dto: CreateUserDto, ctx: RequestContext): Promise<UserWithPasswordDto> {
    if (await this.users.findByUsername(dto.username)) throw taken();
    const password = oneTimePassword();
    let user: UserEntity;
    try {
      user = await this.users.createLocal({
        username: dto.username,
        passwordHash: await hashPassword(password),
        roles: dto.roles,
        mustChangePassword: true,
      });
    } catch (err) {
      // PostgreSQL unique_violation: another request took the name in between.
      if ((err as { code?: unknown }).code === '23505') throw taken();
      throw err;
    }
    if (dto.displayName !== undefined || dto.email !== undefined)
      await this.users.setProfile(user.id, dto.displayName ?? null, dto.email ?? null);
    await this.record('user.create', user, ctx, { roles: dto.roles.join(',') });
    return { user: userView((await this.users.findById(user.id)) ?? user), initialPassword: password };
  }

  async update(id: string, dto: UpdateUserDto, ctx: RequestContext) {
    const user = await this.find(id);
    const self = ctx.principal?.kind === 'user' && ctx.principal.userId === user.id;
    if (self && dto.roles && !dto.roles.includes('admin'))
      throw new UsersError('users/self-lockout', 'an administrator cannot remove their own admin role');
    if (self && dto.disabled) throw new UsersError('users/self-lockout', 'an administrator cannot disable themselves');
    // SSO accounts take their roles from the IdP's groups at every sign-in (auth.*.roleMapping).
    if (dto.roles && user.authMethod !== 'local')
      throw new UsersError('users/not-local', 'the roles of an SSO account follow its IdP groups');
    if (dto.roles) await this.users.setRoles(user.id, dto.roles);
    if (dto.disabled !== undefined) {
      await this.users.setDisabled(user.id, dto.disabled);
      if (dto.disabled) await this.sessions.deleteForUser(user.id);
    }
    const details: Record<string, string | boolean> = {};
    if (dto.roles) details.roles = dto.roles.join(',');
    if (dto.disabled !== undefined) details.disabled = dto.disabled;
    await this.record('user.update', user, ctx, details);
    return userView(await this.find(user.id));
  }

  /** A new one-time password; every session ends; TOTP is removed only when asked. */
  async resetPassword(id: string, dto: ResetPasswordDto, ctx: RequestContext): Promise<UserWithPasswordDto> {
    const user = await this.find(id);
    if (user.authMethod !== 'local')
      throw new UsersError('users/not-local', 'an SSO account signs in at its IdP; it has no password here');
    const password = oneTimePassword();
    await this.users.setPassword(user.id, await hashPassword(password), true);
    if (dto.resetTotp) await this.users.clearTotp(user.id);
    await this.sessions.deleteForUser(user.id);
    await this.record('user.reset-password', user, ctx, { resetTotp: !!dto.resetTotp });
    return { user: userView(await this.find(user.id)), initialPassword: password };
  }

  private async find(id: string): Promise<UserEntity> {
    const user = /^[0-9a-f-]{36}$/i.test(id) ? await this.users.findById(id) : null;
    if (!user) throw new UsersError('users/not-found', 'no such user');
    return user;
  }

  private record(action: string, user: UserEntity, context: RequestContext, details: Record<string, string | boolean>) {
    return this.audit.record({
      action,
      outcome: 'success',
      target: user.username,
      context,
      details: { userId: user.id, ...details },
    });
  }
}

const taken = () => new UsersError('users/username-taken', 'that username is taken');
