import { Controller, Get, Inject, Param, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { QueryParams } from '@delineo/dicomweb';
import { Access, Allow } from '../auth/access.decorator';
import { QidoResult, QidoSearch } from './qido-search.service';
import { DicomwebBase } from './public-base';
import { DicomwebAuditInterceptor } from './dicomweb-audit.interceptor';
import { sendDicomJson } from './dicom-json';

/** QIDO-RS (PS3.18 §10.6) over the de-identified archive. */
@ApiTags('DICOMweb')
@Controller('dicomweb')
@Allow(Access.dicomwebRead)
@UseInterceptors(DicomwebAuditInterceptor)
export class QidoController {
  constructor(
    @Inject(QidoSearch) private readonly reader: QidoSearch,
    @Inject(DicomwebBase) private readonly base: DicomwebBase,
  ) {}

  @Get('studies')
  @ApiOperation({ summary: 'Search for studies' })
  studies(@Query() q: QueryParams, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.send(res, this.reader.search('studies', q, {}, this.base.of(req)));
  }

  @Get(['series', 'studies/:study/series'])
  @ApiOperation({ summary: 'Search for series' })
  series(
    @Param('study') study: string | undefined,
    @Query() q: QueryParams,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.send(res, this.reader.search('series', q, { study }, this.base.of(req)));
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
    return this.send(res, this.reader.search('instances', q, { study, series }, this.base.of(req)));
  }

  private async send(res: Response, result: Promise<QidoResult>): Promise<void> {
    const { body, ignored, warnings } = await result;
    // PS3.18 §8.3.4.4 / §10.6.3.2: each warning as a 299 warn-code with our agent name (RFC 7234 §5.5).
    const texts = [
      ...warnings,
      ...(ignored.length ? [`The following attributes are not supported for matching: ${ignored.join(', ')}`] : []),
    ];
    if (texts.length) res.setHeader('Warning', texts.map((t) => `299 delineo "${t}"`).join(', '));
    // PS3.18 §10.6.3.2: 204 when nothing matches.
    if (body.length === 0) res.status(204).end();
    else sendDicomJson(res, 200, body);
  }
}
