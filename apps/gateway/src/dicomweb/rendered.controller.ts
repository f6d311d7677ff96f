import { Controller, Get, Inject, Param, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { negotiateAccept, parseMediaType, type OutgoingPart } from '@delineo/dicomweb';
import type { RenderedMediaType } from '@delineo/imaging';
import { Access, Allow } from '../auth/access.decorator';
import { ArchiveReader } from './archive-reader.service';
import { DicomwebAuditInterceptor } from './dicomweb-audit.interceptor';
import { parseFrameList } from './frames';
import { MultipartResponder } from './multipart-response';
import { parseRenderQuery } from './rendered-query';
import { representative } from './representative';
import { WadoPixels } from './wado-pixels.service';

const INSTANCE = 'series/:series/instances/:sop';
/** PS3.18 §8.7.4 rendered media types we produce, in our preference order (JPEG is the default). */
const RENDERED = ['image/jpeg', 'image/png'];
const MULTI = RENDERED.map((t) => `multipart/related; type="${t}"`);
/** Thumbnails fit in this box unless `viewport` says otherwise. */
const THUMBNAIL_BOX = { width: 128, height: 128 };

/** WADO-RS rendered and thumbnail resources (PS3.18 §10.4.1.1.3 rendered, §10.4.1.1.5 thumbnail). */
@ApiTags('DICOMweb')
@Controller('dicomweb/studies/:study')
@Allow(Access.dicomwebRead)
@UseInterceptors(DicomwebAuditInterceptor)
export class RenderedController {
  constructor(
    @Inject(ArchiveReader) private readonly reader: ArchiveReader,
    @Inject(WadoPixels) private readonly pixels: WadoPixels,
    @Inject(MultipartResponder) private readonly multipart: MultipartResponder,
  ) {}

  @Get(['rendered', 'series/:series/rendered', `${INSTANCE}/rendered`])
  @ApiOperation({ summary: 'Rendered study (its representative instance), series or instance: first frame' })
  async rendered(
    @Param() p: Record<string, string>,
    @Query() q: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const opts = parseRenderQuery(q);
    const mediaType = negotiateAccept(req.headers.accept, RENDERED) as RenderedMediaType;
    const row = representative(await this.reader.instances(p.study, p.series, p.sop));
    send(res, mediaType, await this.pixels.render(row, { ...opts, mediaType, frame: 1 }));
  }

  @Get(`${INSTANCE}/frames/:frames/rendered`)
  @ApiOperation({ summary: 'Rendered frames: one image, or multipart/related for several frames' })
  async frames(
    @Param() p: Record<string, string>,
    @Query() q: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const opts = parseRenderQuery(q);
    const numbers = parseFrameList(p.frames);
    const chosen = negotiateAccept(req.headers.accept, numbers.length === 1 ? RENDERED : [...MULTI, ...RENDERED]);
    const mediaType = (parseMediaType(chosen)?.params.type ?? chosen) as RenderedMediaType;
    const [row] = await this.reader.instances(p.study, p.series, p.sop);
    if (numbers.length === 1)
      return send(res, mediaType, await this.pixels.render(row, { ...opts, mediaType, frame: numbers[0] }));
    const pixels = this.pixels;
    async function* parts(): AsyncGenerator<OutgoingPart> {
      for (const frame of numbers)
        yield { contentType: mediaType, body: await pixels.render(row, { ...opts, mediaType, frame }) };
    }
    await this.multipart.send(res, mediaType, parts());
  }

  @Get(['thumbnail', 'series/:series/thumbnail', `${INSTANCE}/thumbnail`, `${INSTANCE}/frames/:frames/thumbnail`])
  @ApiOperation({ summary: 'Thumbnail: the representative instance, its middle frame (or the frame named)' })
  async thumbnail(
    @Param() p: Record<string, string>,
    @Query() q: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const opts = parseRenderQuery(q, true);
    const numbers = p.frames === undefined ? undefined : parseFrameList(p.frames);
    const mediaType = negotiateAccept(req.headers.accept, RENDERED) as RenderedMediaType;
    const row = representative(await this.reader.instances(p.study, p.series, p.sop));
    const frame = numbers?.[0] ?? 'middle';
    send(res, mediaType, await this.pixels.render(row, { viewport: THUMBNAIL_BOX, ...opts, mediaType, frame }));
  }
}

function send(res: Response, mediaType: string, body: Buffer): void {
  res.status(200).setHeader('Content-Type', mediaType);
  res.end(body);
}
