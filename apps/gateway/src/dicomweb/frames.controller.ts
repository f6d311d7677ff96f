import { Controller, Get, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { OutgoingPart } from '@delineo/dicomweb';
import { Access, Allow } from '../auth/access.decorator';
import { ArchiveReader } from './archive-reader.service';
import { DicomwebAuditInterceptor } from './dicomweb-audit.interceptor';
import { parseFrameList } from './frames';
import { MultipartResponder } from './multipart-response';
import { WadoPixels } from './wado-pixels.service';
import { bulkRepresentation, frameRepresentation, partContentType } from './wado-representations';

const INSTANCE = 'series/:series/instances/:sop';

/** WADO-RS frames and bulk data (PS3.18 §10.4.1.1.3, §10.4.1.1.4, Table 8.7.3-5). */
@ApiTags('DICOMweb')
@Controller('dicomweb/studies/:study')
@Allow(Access.dicomwebRead)
@UseInterceptors(DicomwebAuditInterceptor)
export class FramesController {
  constructor(
    @Inject(ArchiveReader) private readonly reader: ArchiveReader,
    @Inject(WadoPixels) private readonly pixels: WadoPixels,
    @Inject(MultipartResponder) private readonly multipart: MultipartResponder,
  ) {}

  @Get(`${INSTANCE}/frames/:frames`)
  @ApiOperation({ summary: 'Retrieve frames: image/jpeg, image/jls, image/jp2, image/dicom-rle or octet-stream' })
  async frames(@Param() p: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const numbers = parseFrameList(p.frames);
    const [row] = await this.reader.instances(p.study, p.series, p.sop);
    const rep = frameRepresentation(req.headers.accept, row.transferSyntaxUid);
    const frames = await this.pixels.frames(row, numbers, rep);
    await this.multipart.send(res, rep.partType, parts(frames, partContentType(rep)));
  }

  @Get(`${INSTANCE}/bulkdata/:path`)
  @ApiOperation({ summary: 'Retrieve bulk data named by a BulkDataURI of the metadata' })
  async bulk(@Param() p: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const [row] = await this.reader.instances(p.study, p.series, p.sop);
    const pixelData = p.path.toUpperCase() === '7FE00010';
    const rep = pixelData
      ? frameRepresentation(req.headers.accept, row.transferSyntaxUid)
      : bulkRepresentation(req.headers.accept);
    const bodies = await this.pixels.bulk(row, p.path, rep);
    await this.multipart.send(res, rep.partType, parts(bodies, partContentType(rep)));
  }
}

async function* parts(bodies: Buffer[], contentType: string): AsyncGenerator<OutgoingPart> {
  for (const body of bodies) yield { contentType, body };
}
