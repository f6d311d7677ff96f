import { Controller, Get, Inject, Param, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { QueryParams } from '@delineo/dicomweb';
import { Access, Allow } from '../auth/access.decorator';
import { ArchiveReader } from './archive-reader.service';
import { DicomwebAuditInterceptor } from './dicomweb-audit.interceptor';
import { sendDicomJson } from './dicom-json';

/** QIDO-RS (PS3.18 §10.6) over the de-identified archive. */
@ApiTags('DICOMweb')
@Controller('dicomweb')
@Allow(Access.dicomwebRead)
@UseInterceptors(DicomwebAuditInterceptor)
export class QidoController {
  constructor(@Inject(ArchiveReader) private readonly reader: ArchiveReader) {}

  @Get('studies')
  @ApiOperation({ summary: 'Search for studies' })
  studies(@Query() q: QueryParams, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(res, this.reader.search('studies', q, {}, base(req)));
  }

  @Get(['series', 'studies/:study/series'])
  @ApiOperation({ summary: 'Search for series' })
  series(
    @Param('study') study: string | undefined,
    @Query() q: QueryParams,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(res, this.reader.search('series', q, { study }, base(req)));
  }

  @Get(['instances', 'studies/:study/instances', 'studies/:study/series/:series/instances'])
  @ApiOperation({ summary: 'Search for instances' })
  instances(
    @Param('study') study: string | undefined,
    @Param('series') series: string | undefined,
    @Query() q: QueryParams,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(res, this.reader.search('instances', q, { study, series }, base(req)));
  }

  private async send(res: Response, result: Promise<{ body: object[]; ignored: string[] }>): Promise<void> {
    const { body, ignored } = await result;
    if (ignored.length)
      res.setHeader(
        'Warning',
        `299 delineo "The following attributes are not supported for matching: ${ignored.join(', ')}"`,
      );
    // PS3.18 §10.6.3.2: 204 when nothing matches.
    if (body.length === 0) res.status(204).end();
    else sendDicomJson(res, 200, body);
  }
}

/**
 * The DICOMweb base URL as the caller reached it (PS3.18 §8.2: Retrieve URLs are absolute). Express
 * takes the scheme and host from X-Forwarded-Proto/-Host only when the peer is a trusted proxy
 * (`http.trustedProxies`, set at bootstrap); from anyone else those headers are ignored.
 */
export function base(req: Request): string {
  return `${req.protocol}://${req.host}/dicomweb`;
}
