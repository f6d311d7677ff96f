import { Module } from '@nestjs/common';
import { DicomwebModule } from '../dicomweb/dicomweb.module';
import { IngestModule } from '../ingest/ingest.module';
import { DimseIngestHandler } from './dimse-ingest.handler';
import { DimseListener } from './dimse-listener';
import { QueryRetrieveService } from './qr/query-retrieve.service';

/**
 * DIMSE (PS3.7/PS3.8): the C-STORE/C-ECHO SCP in front of the ingest service, and the Query/Retrieve
 * SCP over the de-identified archive (QIDO-RS's search and WADO-RS's reader, from DicomwebModule).
 */
@Module({
  imports: [IngestModule, DicomwebModule],
  providers: [DimseIngestHandler, DimseListener, QueryRetrieveService],
  exports: [DimseListener],
})
export class DimseModule {}
