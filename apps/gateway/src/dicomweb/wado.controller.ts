import { Controller, Get, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import {
  encodeMultipart,
  multipartContentType,
  negotiateAccept,
  OutgoingPart,
  randomBoundary,
} from '@delineo/dicomweb';
import type { RetrievalRow } from '@delineo/db';
import { Access, Allow } from '../auth/access.decorator';
import { ArchiveReader } from './archive-reader.service';
import { DicomwebAuditInterceptor } from './dicomweb-audit.interceptor';
import { DicomwebBase } from './public-base';
import { sendDicomJson } from './dicom-json';

const DICOM_MULTIPART = 'multipart/related; type="application/dicom"';

/** WADO-RS (PS3.18 §10.4): instances, metadata and frames of the de-identified archive. */
@ApiTags('DICOMweb')
@Controller('dicomweb/studies/:study')
@Allow(Access.dicomwebRead)
@UseInterceptors(DicomwebAuditInterceptor)
export class WadoController {
  constructor(
    @Inject(ArchiveReader) private readonly reader: ArchiveReader,
    @Inject(DicomwebBase) private readonly base: DicomwebBase,
  ) {}

  @Get(['', 'series/:series', 'series/:series/instances/:sop'])
  @ApiOperation({ summary: 'Retrieve instances as multipart/related; type="application/dicom"' })
  async retrieve(@Param() p: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    negotiateAccept(req.headers.accept, [DICOM_MULTIPART]);
    const rows = await this.reader.instances(p.study, p.series, p.sop);
    const boundary = randomBoundary();
    const reader = this.reader;
    async function* parts(): AsyncGenerator<OutgoingPart> {
      for (const row of rows) yield { contentType: 'application/dicom', body: await reader.read(row) };
    }
    res.status(200).setHeader('Content-Type', multipartContentType(boundary, 'application/dicom'));
    Readable.from(encodeMultipart(parts(), boundary)).pipe(res);
  }

  @Get(['metadata', 'series/:series/metadata', 'series/:series/instances/:sop/metadata'])
  @ApiOperation({ summary: 'Retrieve metadata (application/dicom+json)' })
  async metadata(@Param() p: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    negotiateAccept(req.headers.accept, ['application/dicom+json', 'application/json']);
    const rows = await this.reader.instances(p.study, p.series, p.sop);
    const body = await this.reader.metadata(rows, this.base.of(req), p.study);
    sendDicomJson(res, 200, body);
  }

  @Get('series/:series/instances/:sop/frames/:frames')
  @ApiOperation({ summary: 'Retrieve frames (multipart/related; type="application/octet-stream")' })
  async frames(@Param() p: Record<string, string>, @Res() res: Response): Promise<void> {
    const [row] = await this.reader.instances(p.study, p.series, p.sop);
    const numbers = p.frames.split(',').map((s) => Number(s.trim()));
    const { transferSyntaxUid, frames } = await this.reader.frames(row as RetrievalRow, numbers);
    const boundary = randomBoundary();
    // PS3.18 §8.7.3.5: bulk data parts carry the transfer syntax they are encoded in.
    const type = `application/octet-stream; transfer-syntax=${transferSyntaxUid}`;
    res.status(200).setHeader('Content-Type', multipartContentType(boundary, 'application/octet-stream'));
    Readable.from(
      encodeMultipart(
        frames.map((f) => ({ contentType: type, body: f })),
        boundary,
      ),
    ).pipe(res);
  }
}
