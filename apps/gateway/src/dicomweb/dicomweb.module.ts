import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { ArchiveReader } from './archive-reader.service';
import { FramesController } from './frames.controller';
import { MultipartResponder } from './multipart-response';
import { DicomwebBase } from './public-base';
import { QidoController } from './qido.controller';
import { QidoSearch } from './qido-search.service';
import { RenderedController } from './rendered.controller';
import { StowAdmission } from './stow-admission';
import { StowController } from './stow.controller';
import { StowIngest } from './stow-ingest';
import { WadoPixels } from './wado-pixels.service';
import { WadoController } from './wado.controller';

/** DICOMweb (PS3.18): STOW-RS into ingest; QIDO-RS and WADO-RS over the de-identified archive. */
@Module({
  imports: [IngestModule],
  controllers: [StowController, QidoController, WadoController, FramesController, RenderedController],
  providers: [ArchiveReader, QidoSearch, DicomwebBase, StowAdmission, StowIngest, WadoPixels, MultipartResponder],
  // The DIMSE Query/Retrieve SCP answers from the same search and reader (dimse/qr).
  exports: [QidoSearch, ArchiveReader],
})
export class DicomwebModule {}
