import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { DbModule } from '@delineo/db';
import { createKeyring } from '@delineo/deid';
import { ModelRegistry } from '@delineo/models';
import type { Logger } from '@delineo/observability';
import { JobHandlerRegistry } from '@delineo/queue';
import { AuditService } from '../auth/audit.service';
import { PipelineEvents } from '../events/pipeline-events';
import type { Infrastructure } from '../infrastructure/infrastructure';
import { liveSettingsProvider } from '../settings/live-settings.provider';
import { CoreTokens } from './core.tokens';
import { JobHandlersStarter } from './job-handlers.starter';

export interface CoreRuntime {
  config: AppConfig;
  log: Logger;
  infra: Infrastructure;
}

/**
 * What every area shares: configuration, the logger, the started infrastructure (object store,
 * queue, repositories over the database), the keys, the model registry, the typed pipeline
 * events, the audit log writer and the job handler registry. Infrastructure is opened before Nest and closed after it.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(rt: CoreRuntime): DynamicModule {
    const { config, log, infra } = rt;
    const providers = [
      { provide: CoreTokens.Config, useValue: config },
      { provide: CoreTokens.Logger, useValue: log },
      { provide: CoreTokens.ObjectStore, useValue: infra.store },
      { provide: CoreTokens.JobQueue, useValue: infra.queue },
      { provide: CoreTokens.ProjectKey, useFactory: () => infra.secrets.projectKey.reveal() },
      {
        provide: CoreTokens.Keyring,
        useFactory: () => {
          const keys: Record<string, Buffer> = {};
          for (const [id, key] of infra.secrets.vault.keys) keys[id] = key.reveal();
          return createKeyring(keys, infra.secrets.vault.activeKeyId);
        },
      },
      { provide: ModelRegistry, useFactory: () => loadModels(config, log) },
      { provide: JobHandlerRegistry, useFactory: () => new JobHandlerRegistry() },
      liveSettingsProvider,
      PipelineEvents,
      AuditService,
      JobHandlersStarter,
    ];
    return {
      module: CoreModule,
      global: true,
      imports: [DbModule.forDataSource(infra.database.dataSource)],
      providers,
      exports: [...providers.map((p) => ('provide' in p ? p.provide : p)), DbModule],
    };
  }
}

function loadModels(config: AppConfig, log: Logger): ModelRegistry {
  const registry = ModelRegistry.load(config.worker.modelsDir);
  for (const p of registry.problems)
    log.error({ event: 'model-package-invalid', dir: p.dir, code: p.code }, 'model package skipped');
  log.info({ event: 'models-loaded', models: registry.ids() }, 'models available');
  return registry;
}
