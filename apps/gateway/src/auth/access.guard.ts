import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import { AccessError } from './access.error';
import { AuditService } from './audit.service';
import { Authenticator } from './authenticator.service';
import { contextOf, type ContextRequest, type Principal } from './principal';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one global guard: every route is denied unless it declares a rule (access.decorator.ts).
 * Cookie-authenticated requests that change state must carry the session's CSRF token in
 * `X-CSRF-Token` (synchronizer token; SameSite=Lax alone does not cover every browser path).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Pick<Authenticator, 'authenticate'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    const req = ctx.switchToHttp().getRequest<ContextRequest>();
    const context = contextOf(req);
    if (!rule) throw new AccessError('access/forbidden', 'this route declares no access rule');
    if (rule.kind === 'public') {
      // Sign-in routes may use who is calling (logout); a bad credential there is not an error.
      context.principal = await this.authenticator.authenticate(req.headers).catch(() => undefined);
      return true;
    }
    const p = await this.authenticator.authenticate(req.headers);
    if (!p) throw new AccessError('access/unauthenticated', 'sign in or send a bearer token');
    context.principal = p;
    const denied = this.check(rule, p, req);
    if (denied) {
      await this.audit.record({
        action: 'access.denied',
        outcome: 'denied',
        target: `${req.method} ${routeOf(req)}`,
        context,
        details: { code: denied.code },
      });
      throw denied;
    }
    return true;
  }

  private check(
    rule: Exclude<AccessRule, { kind: 'public' }>,
    p: Principal,
    req: ContextRequest,
  ): AccessError | undefined {
    if (p.kind === 'user') {
      if (p.restricted && !(rule.kind === 'signed-in' && rule.restrictedOk)) {
        return new AccessError('access/restricted', 'change the initial password and enrol TOTP first');
      }
      if (!SAFE_METHODS.has(req.method) && !sameToken(req.headers['x-csrf-token'], p.csrfToken)) {
        return new AccessError('access/csrf', 'missing or wrong X-CSRF-Token');
      }
      if (rule.kind === 'allow' && !rule.roles.some((r) => p.roles.includes(r))) {
        return new AccessError('access/forbidden', 'your roles do not allow this');
      }
      return undefined;
    }
    // Tokens are service accounts: user-only routes (signed-in) are not theirs.
    if (rule.kind !== 'allow' || !rule.scopes.some((s) => p.scopes.includes(s))) {
      return new AccessError('access/forbidden', 'this token has no scope for this');
    }
    return undefined;
  }
}

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

/** The route's path template (ids replaced by parameter names), for audit targets. */
function routeOf(req: ContextRequest): string {
  const route = (req as { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? route.path : req.path;
}
