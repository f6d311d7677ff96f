import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { ApiTokenController } from './api-token.controller';
import { ApiTokenService } from './api-token.service';
import { AuditController } from './audit.controller';
import { Authenticator } from './authenticator.service';
import { IdentityBootstrapService } from './identity-bootstrap.service';
import { LocalAccountService } from './local-account.service';
import { LocalLoginController } from './local-login.controller';
import { MeController } from './me.controller';
import { SessionService } from './session.service';

/**
 * Identity and access: the global guard (every route declares who may call it), sessions, local
 * accounts with TOTP, API tokens, the audit log's API, and the start-up identity tasks.
 */
@Module({
  controllers: [LocalLoginController, MeController, ApiTokenController, AuditController],
  providers: [
    Authenticator,
    SessionService,
    LocalAccountService,
    ApiTokenService,
    IdentityBootstrapService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [Authenticator, SessionService, ApiTokenService],
})
export class AuthModule {}
