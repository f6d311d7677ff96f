import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';
import { SettingsSync } from './settings-sync.service';

/** Versioned live settings: the admin API and the sync that keeps this instance current. */
@Module({
  controllers: [SettingsController],
  providers: [SettingsService, SettingsSync],
  exports: [SettingsService],
})
export class SettingsModule {}
