import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { DbModule, type OpenDatabase } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { ApiTokenService } from '../auth/api-token.service';
import { AuditService } from '../auth/audit.service';
import { CoreTokens } from '../core/core.tokens';

/** What the admin CLI needs: the repositories, the audit writer and the token service; no listeners. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, log: Logger, db: OpenDatabase): DynamicModule {
    return {
      module: CliModule,
      imports: [DbModule.forDataSource(db.dataSource)],
      providers: [
        { provide: CoreTokens.Config, useValue: config },
        { provide: CoreTokens.Logger, useValue: log },
        AuditService,
        ApiTokenService,
      ],
    };
  }
}
