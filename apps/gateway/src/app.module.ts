import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { ConsoleAssetsModule } from './console-assets/console-assets.module';
import { CoreModule, type CoreRuntime } from './core/core.module';
import { DicomwebModule } from './dicomweb/dicomweb.module';
import { DimseModule } from './dimse/dimse.module';
import { FlowModule } from './events/flow.module';
import { LiveEventsModule } from './events/live-events.module';
import { HealthModule } from './health/health.module';
import { SettingsModule } from './settings/settings.module';

/**
 * The gateway, one module per area (README "Architecture"): core (config, infrastructure,
 * repositories, events, audit, job handlers), auth (the global access guard), ingest (behind dimse and dicomweb), pipeline, results,
 * delivery and vault (connected by the flow module), admin, health and the console's static files.
 */
@Module({})
export class AppModule {
  static forRoot(rt: CoreRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(rt),
        AuthModule,
        DimseModule,
        DicomwebModule,
        FlowModule,
        LiveEventsModule,
        AdminModule,
        SettingsModule,
        HealthModule,
        ConsoleAssetsModule,
      ],
    };
  }
}
