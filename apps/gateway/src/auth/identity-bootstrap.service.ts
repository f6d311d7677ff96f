import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { hashPassword } from '@delineo/auth';
import type { AppConfig } from '@delineo/config';
import { ApiTokenRepository, UserRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { sha256 } from './authenticator.service';
import { AuditService } from './audit.service';

export const BOOTSTRAP_TOKEN_ID = 'bootstrap';
export const INITIAL_ADMIN = 'admin';

/**
 * Start-up identity tasks. Embedded mode, first start: a local `admin` with a random password in
 * DATA_DIR/secrets/admin-initial-password (0600), who must change it and enrol TOTP at first
 * sign-in; the log names the file, never the password. Any mode: DELINEO_BOOTSTRAP_TOKEN_FILE's
 * token (≥ 32 characters) becomes the admin-scoped service token `bootstrap` (stored hashed).
 */
@Injectable()
export class IdentityBootstrapService implements OnApplicationBootstrap {
  constructor(
    @Inject(UserRepository) private readonly users: Pick<UserRepository, 'findByUsername' | 'createLocal'>,
    @Inject(ApiTokenRepository) private readonly tokens: Pick<ApiTokenRepository, 'find' | 'create' | 'replaceSecret'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'embedded' | 'dataDir' | 'secrets' | 'auth'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'warn' | 'error'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.embedded && this.config.auth.local.enabled) await this.initialAdmin();
    if (this.config.secrets.bootstrapTokenFile) await this.bootstrapToken(this.config.secrets.bootstrapTokenFile);
  }

  private async initialAdmin(): Promise<void> {
    if (await this.users.findByUsername(INITIAL_ADMIN)) return;
    const dir = join(this.config.dataDir, 'secrets');
    const file = join(dir, 'admin-initial-password');
    const password = randomBytes(18).toString('base64url');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    await this.users.createLocal({
      username: INITIAL_ADMIN,
      passwordHash: await hashPassword(password),
      roles: ['admin'],
      mustChangePassword: true,
    });
    await this.audit.record({
      action: 'user.create',
      outcome: 'success',
      target: INITIAL_ADMIN,
      actor: { actorType: 'system', actorId: 'first-start' },
    });
    this.log.warn(
      { event: 'initial-admin-created', file },
      'created the local account "admin"; its initial password is in the file named here (sign in, then change it and enrol TOTP)',
    );
  }

  private async bootstrapToken(file: string): Promise<void> {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < 32 || token.length > 512 || /\s/.test(token)) {
      throw new Error('DELINEO_BOOTSTRAP_TOKEN_FILE must hold one token of 32–512 characters without spaces');
    }
    const hash = sha256(token);
    const existing = await this.tokens.find(BOOTSTRAP_TOKEN_ID);
    if (existing?.secretHash === hash && !existing.revokedAt) return;
    if (existing) await this.tokens.replaceSecret(BOOTSTRAP_TOKEN_ID, hash);
    else {
      await this.tokens.create({
        id: BOOTSTRAP_TOKEN_ID,
        name: 'bootstrap',
        secretHash: hash,
        scopes: ['admin'],
        source: null,
        createdBy: 'bootstrap',
        expiresAt: null,
      });
    }
    await this.audit.record({
      action: 'token.create',
      outcome: 'success',
      target: BOOTSTRAP_TOKEN_ID,
      actor: { actorType: 'system', actorId: 'bootstrap' },
    });
    this.log.warn(
      { event: 'bootstrap-token-registered' },
      'the token of DELINEO_BOOTSTRAP_TOKEN_FILE is registered as the admin-scoped service token "bootstrap"; remove the file once provisioning is done',
    );
  }
}
