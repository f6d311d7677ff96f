import { Controller, DefaultValuePipe, Get, Inject, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { InstanceEntity, SeriesEntity } from '@delineo/db';
import { DicomWebError } from '@delineo/dicomweb';
import { GatewayTokens } from '../gateway.tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pipeline status of a series. Everything shown is pseudonymized; the id is ours or the pseudo UID. */
@ApiTags('series')
@Controller('api/v1/series')
export class SeriesController {
  constructor(@Inject(GatewayTokens.DataSource) private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'List series, newest first (paged)' })
  async list(
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    const take = Math.max(1, Math.min(limit, 500));
    const [rows, total] = await this.ds.manager.findAndCount(SeriesEntity, {
      order: { createdAt: 'DESC' }, take, skip: Math.max(0, offset),
    });
    return { total, limit: take, offset, items: rows.map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One series: state, route, counts and timings' })
  async get(@Param('id') id: string) {
    const where = UUID.test(id) ? { id } : { seriesInstanceUid: id };
    const s = await this.ds.manager.findOneBy(SeriesEntity, where);
    if (!s) throw new DicomWebError('dicomweb/not-found', 'no such series');
    const instances = await this.ds.manager.countBy(InstanceEntity, { seriesId: s.id });
    return { ...view(s), instances };
  }
}

function view(s: SeriesEntity) {
  return {
    id: s.id,
    seriesInstanceUid: s.seriesInstanceUid,
    modality: s.modality,
    seriesDescription: s.seriesDescription,
    state: s.state,
    generation: s.generation,
    route: s.route,
    errorCode: s.errorCode,
    expectedInstances: s.expectedInstances,
    timings: { receivedAt: s.createdAt, lastInstanceAt: s.lastInstanceAt, completedAt: s.completedAt, stateChangedAt: s.stateChangedAt },
  };
}
