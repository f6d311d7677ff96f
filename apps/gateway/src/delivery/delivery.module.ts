import { Module } from '@nestjs/common';
import { VaultModule } from '../vault/vault.module';
import { DeliverResultProcessor } from './deliver-result.processor';
import { DeliveryRecorder } from './delivery-recorder';
import { DeliveryService } from './delivery.service';
import { PlaintextDestinations } from './plaintext-destinations';
import { ResultPayloads } from './result-payloads';

/** Delivery: the stored result, re-identified in memory, to each destination of the route. */
@Module({
  imports: [VaultModule],
  providers: [DeliveryService, DeliverResultProcessor, DeliveryRecorder, ResultPayloads, PlaintextDestinations],
  exports: [DeliveryService],
})
export class DeliveryModule {}
