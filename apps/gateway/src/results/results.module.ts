import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { ResearchSegBuilder } from './research-seg.builder';
import { ResultsService } from './results.service';

/** Results: the pseudonymized research SEG of each segmented series, registered in the archive. */
@Module({
  imports: [IngestModule],
  providers: [ResearchSegBuilder, ResultsService],
  exports: [ResultsService],
})
export class ResultsModule {}
