import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { SERIES_STATES } from '@delineo/db';
import { Access, Allow } from '../auth/access.decorator';
import { contextOf, type ContextRequest } from '../auth/principal';
import { parseSeriesListQuery, SERIES_LIST_MAX_LIMIT, SERIES_LIST_MAX_OFFSET } from './series-list.query';
import { SeriesStatusService } from './series-status.service';

/** Pipeline status of a series. Everything shown is pseudonymized; the id is ours or the pseudo UID. */
@ApiTags('series')
@Controller('api/v1/series')
export class SeriesController {
  constructor(@Inject(SeriesStatusService) private readonly series: SeriesStatusService) {}

  @Get()
  @Allow(Access.statusRead)
  @ApiOperation({
    summary: 'List received series, newest first, filtered and paged (offset, or the `next` cursor at any depth)',
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: SERIES_LIST_MAX_LIMIT } })
  @ApiQuery({
    name: 'offset',
    required: false,
    schema: { type: 'integer', minimum: 0, maximum: SERIES_LIST_MAX_OFFSET },
  })
  @ApiQuery({ name: 'cursor', required: false, description: "The previous page's `next`", schema: { format: 'uuid' } })
  @ApiQuery({ name: 'count', required: false, description: 'Exact `total` (default: only without a cursor)' })
  @ApiQuery({ name: 'state', required: false, description: `One or several (comma-separated): ${SERIES_STATES}` })
  @ApiQuery({ name: 'model', required: false, description: 'Routed model id' })
  @ApiQuery({ name: 'modality', required: false, example: 'CT' })
  @ApiQuery({ name: 'from', required: false, description: 'Received on or after (ISO 8601 date or date-time)' })
  @ApiQuery({ name: 'to', required: false, description: 'Received before (a date includes that day)' })
  @ApiQuery({ name: 'rule', required: false, description: 'Routing rule name' })
  list(@Query() query: Record<string, string | string[] | undefined>) {
    return this.series.list(parseSeriesListQuery(query));
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
