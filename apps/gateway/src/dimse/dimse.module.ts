import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { DimseIngestHandler } from './dimse-ingest.handler';
import { DimseListener } from './dimse-listener';

/** DIMSE (PS3.7/PS3.8): the C-STORE/C-ECHO SCP in front of the ingest service. */
@Module({
  imports: [IngestModule],
  providers: [DimseIngestHandler, DimseListener],
  exports: [DimseListener],
})
export class DimseModule {}
