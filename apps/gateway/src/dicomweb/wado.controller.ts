import { Controller, Get, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { negotiateAccept, type OutgoingPart } from '@delineo/dicomweb';
import { Access, Allow } from '../auth/access.decorator';
import { ArchiveReader } from './archive-reader.service';
import { DicomwebAuditInterceptor } from './dicomweb-audit.interceptor';
import { sendDicomJson } from './dicom-json';
import { MultipartResponder } from './multipart-response';
import { DicomwebBase } from './public-base';
import { WadoPixels } from './wado-pixels.service';
import { instanceRepresentation, partContentType } from './wado-representations';

/** WADO-RS (PS3.18 §10.4): instances and metadata of the de-identified archive. */
@ApiTags('DICOMweb')
@Controller('dicomweb/studies/:study')
@Allow(Access.dicomwebRead)
@UseInterceptors(DicomwebAuditInterceptor)
export class WadoController {
  constructor(
    @Inject(ArchiveReader) private readonly reader: ArchiveReader,
    @Inject(WadoPixels) private readonly pixels: WadoPixels,
    @Inject(DicomwebBase) private readonly base: DicomwebBase,
    @Inject(MultipartResponder) private readonly multipart: MultipartResponder,
  ) {}

  @Get(['', 'series/:series', 'series/:series/instances/:sop'])
  @ApiOperation({ summary: 'Retrieve instances as multipart/related; type="application/dicom"; transfer-syntax=…' })
  async retrieve(@Param() p: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rows = await this.reader.instances(p.study, p.series, p.sop);
    // Every instance is negotiated before anything is sent: 406 if one has no acceptable form.
    const reps = rows.map((row) => instanceRepresentation(req.headers.accept, row.transferSyntaxUid));
    const pixels = this.pixels;
    async function* parts(): AsyncGenerator<OutgoingPart> {
      for (const [i, row] of rows.entries()) {
        yield { contentType: partContentType(reps[i]), body: await pixels.instance(row, reps[i]) };
      }
    }
    await this.multipart.send(res, 'application/dicom', parts());
  }

  @Get(['metadata', 'series/:series/metadata', 'series/:series/instances/:sop/metadata'])
  @ApiOperation({ summary: 'Retrieve metadata (application/dicom+json)' })
  async metadata(@Param() p: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    negotiateAccept(req.headers.accept, ['application/dicom+json', 'application/json']);
    const rows = await this.reader.instances(p.study, p.series, p.sop);
    const body = await this.reader.metadata(rows, this.base.of(req), p.study);
    sendDicomJson(res, 200, body);
  }
}
