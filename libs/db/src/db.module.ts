import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ArchiveRepository } from './archive.repository';
import { DatabaseHealth } from './database-health';
import { DeliveryRepository } from './delivery.repository';
import { InstanceCommitRepository } from './instance-commit.repository';
import { PipelineRepository } from './pipeline.repository';
import { QidoRepository } from './qido.repository';
import { SeriesStatusRepository } from './series-status.repository';
import { SettingsRepository } from './settings.repository';
import { VaultRepository } from './vault.repository';
import {
  ApiTokenRepository,
  AuditRepository,
  AuthNonceRepository,
  AuthThrottleRepository,
  SessionRepository,
  UserRepository,
} from './identity';

/** Every repository the apps may inject; this module is the only place that constructs them. */
export const DB_REPOSITORIES: ReadonlyArray<Type<unknown> & (new (ds: DataSource) => unknown)> = [
  ArchiveRepository,
  DatabaseHealth,
  DeliveryRepository,
  InstanceCommitRepository,
  PipelineRepository,
  QidoRepository,
  SeriesStatusRepository,
  SettingsRepository,
  VaultRepository,
  UserRepository,
  SessionRepository,
  ApiTokenRepository,
  AuditRepository,
  AuthNonceRepository,
  AuthThrottleRepository,
];

/**
 * Repositories as Nest providers over one initialized DataSource. Apps inject them by class and
 * never see the DataSource itself (STYLE "Boundaries": database access only in libs/db).
 */
@Global()
@Module({})
export class DbModule {
  static forDataSource(ds: DataSource): DynamicModule {
    const providers = DB_REPOSITORIES.map((Repo) => ({ provide: Repo, useFactory: () => new Repo(ds) }));
    return { module: DbModule, global: true, providers, exports: [...DB_REPOSITORIES] };
  }
}
