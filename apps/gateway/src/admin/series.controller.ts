import {
  Controller,
  DefaultValuePipe,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SERIES_STATES, type SeriesState } from '@delineo/db';
import { DicomWebError } from '@delineo/dicomweb';
import { Access, Allow } from '../auth/access.decorator';
import { contextOf, type ContextRequest } from '../auth/principal';
import { SeriesStatusService } from './series-status.service';

const isSeriesState = (s: string): s is SeriesState => (SERIES_STATES as readonly string[]).includes(s);

/** Pipeline status of a series. Everything shown is pseudonymized; the id is ours or the pseudo UID. */
@ApiTags('series')
@Controller('api/v1/series')
export class SeriesController {
  constructor(@Inject(SeriesStatusService) private readonly series: SeriesStatusService) {}

  @Get()
  @Allow(Access.statusRead)
  @ApiOperation({ summary: 'List received series, newest first (paged), optionally by state' })
  @ApiQuery({ name: 'state', required: false, enum: SERIES_STATES })
  list(
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
    @Query('state') state?: string,
  ) {
    if (state !== undefined && !isSeriesState(state)) {
      throw new DicomWebError('dicomweb/bad-query', `state must be one of ${SERIES_STATES.join(', ')}`);
    }
    return this.series.list({ state, limit: Math.max(1, Math.min(limit, 500)), offset: Math.max(0, offset) });
  }

  @Get(':id')
  @Allow(Access.statusRead)
  @ApiOperation({ summary: 'One series: state, model, progress, per-stage timings, error code and volumes' })
  get(@Param('id') id: string) {
    return this.series.get(id);
  }

  @Post(':id/deliveries/:destination/replay')
  @HttpCode(202)
  @Allow(Access.pipelineOperate)
  @ApiOperation({ summary: 'Send a dead-lettered result to its destination again (same SEG SOP Instance UID)' })
  replay(@Param('id') id: string, @Param('destination') destination: string, @Req() req: ContextRequest) {
    return this.series.replay(id, destination, contextOf(req));
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Allow(Access.pipelineOperate)
  @ApiOperation({ summary: 'Run the segmentation again (a failed or finished series), as a new generation' })
  retry(@Param('id') id: string, @Req() req: ContextRequest) {
    return this.series.retry(id, contextOf(req));
  }
}
