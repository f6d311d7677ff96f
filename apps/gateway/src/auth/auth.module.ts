import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '@delineo/config';
import { AuthNonceRepository } from '@delineo/db';
import { CoreTokens } from '../core/core.tokens';
import { AccessGuard } from './access.guard';
import { ApiTokenController } from './api-token.controller';
import { ApiTokenService } from './api-token.service';
import { AuditController } from './audit.controller';
import { AuthHousekeepingService } from './housekeeping.service';
import { Authenticator } from './authenticator.service';
import { IdentityBootstrapService } from './identity-bootstrap.service';
import { LocalAccountService } from './local-account.service';
import { LocalLoginController } from './local-login.controller';
import { MeController } from './me.controller';
import { OidcController } from './oidc.controller';
import { SamlController } from './saml.controller';
import { SAML_SP, samlFromConfig } from './saml/saml.provider';
import { SessionService } from './session.service';
import { SsoSignInService } from './sso-sign-in.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/**
 * Identity and access: the global guard (every route declares who may call it), sessions, local
 * accounts with TOTP, SAML and OIDC sign-in, API tokens, the audit log's API, and the start-up
 * identity tasks. (The audit writer itself is in CoreModule: every area records.)
 */
@Module({
  controllers: [
    LocalLoginController,
    MeController,
    SamlController,
    OidcController,
    ApiTokenController,
    AuditController,
    UsersController,
  ],
  providers: [
    Authenticator,
    SessionService,
    LocalAccountService,
    ApiTokenService,
    IdentityBootstrapService,
    SsoSignInService,
    AuthHousekeepingService,
    UsersService,
    {
      provide: SAML_SP,
      useFactory: (config: AppConfig, nonces: AuthNonceRepository) => samlFromConfig(config, nonces),
      inject: [CoreTokens.Config, AuthNonceRepository],
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [Authenticator, SessionService, ApiTokenService],
})
export class AuthModule {}
