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
import { OidcController } from './oidc.controller';
import { SamlController } from './saml.controller';
import { SAML_SP, samlFromConfig } from './saml/saml.provider';
import { SsoSignInService } from './sso-sign-in.service';
import { AuthNonceRepository } from '@delineo/db';
import type { AppConfig } from '@delineo/config';
import { CoreTokens } from '../core/core.tokens';
import { SessionService } from './session.service';

/**
 * Identity and access: the global guard (every route declares who may call it), sessions, local
 * accounts with TOTP, API tokens, the audit log's API, and the start-up identity tasks.
 */
@Module({
  controllers: [
    LocalLoginController,
    MeController,
    SamlController,
    OidcController,
    ApiTokenController,
    AuditController,
  ],
  providers: [
    Authenticator,
    SessionService,
    LocalAccountService,
    ApiTokenService,
    IdentityBootstrapService,
    SsoSignInService,
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
