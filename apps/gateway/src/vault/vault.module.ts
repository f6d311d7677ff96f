import { Module } from '@nestjs/common';
import { ReidentificationService } from './reidentification.service';
import { VaultRetentionService } from './vault-retention.service';

/** The re-identification vault: the one decrypt path (delivery only) and retention purges. */
@Module({
  providers: [ReidentificationService, VaultRetentionService],
  exports: [ReidentificationService],
})
export class VaultModule {}
