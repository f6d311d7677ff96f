import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { ArchiveReader } from './archive-reader.service';
import { DicomwebBase } from './public-base';
import { QidoController } from './qido.controller';
import { QidoSearch } from './qido-search.service';
import { StowAdmission } from './stow-admission';
import { StowController } from './stow.controller';
import { StowIngest } from './stow-ingest';
import { WadoController } from './wado.controller';

/** DICOMweb (PS3.18): STOW-RS into ingest; QIDO-RS and WADO-RS over the de-identified archive. */
@Module({
  imports: [IngestModule],
  controllers: [StowController, QidoController, WadoController],
  providers: [ArchiveReader, QidoSearch, DicomwebBase, StowAdmission, StowIngest],
})
export class DicomwebModule {}
