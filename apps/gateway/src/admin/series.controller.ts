import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, Allow } from '../auth/access.decorator';
import { contextOf, type ContextRequest } from '../auth/principal';
import { ApiProblems } from '../errors/api-problems.decorator';
import { validated } from '../errors/api-validation.pipe';
import { SeriesListQueryDto, toSeriesListQuery } from './series-list.query';
import { SeriesDetailDto, SeriesPageDto, SeriesReplayDto, SeriesRetryDto } from './series.dto';
import { SeriesStatusService } from './series-status.service';

const ID = {
  name: 'id',
  description: 'Our series id (uuid) or its pseudonymized Series Instance UID',
  schema: { type: 'string', maxLength: 64 },
} as const;

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
  @ApiOkResponse({ type: SeriesPageDto })
  @ApiProblems(400, 401, 403, 503)
  list(@Query(validated(SeriesListQueryDto)) query: SeriesListQueryDto): Promise<SeriesPageDto> {
    return this.series.list(toSeriesListQuery(query));
  }

  @Get(':id')
  @Allow(Access.statusRead)
  @ApiOperation({ summary: 'One series: state, model, progress, per-stage timings, error code and volumes' })
  @ApiParam(ID)
  @ApiOkResponse({ type: SeriesDetailDto })
  @ApiProblems(401, 403, 404, 503)
  get(@Param('id') id: string): Promise<SeriesDetailDto> {
    return this.series.get(id);
  }

  @Post(':id/deliveries/:destination/replay')
  @HttpCode(202)
  @Allow(Access.pipelineOperate)
  @ApiOperation({ summary: 'Send a dead-lettered result to its destination again (same SEG SOP Instance UID)' })
  @ApiParam(ID)
  @ApiParam({ name: 'destination', description: 'Destination name (settings)', schema: { type: 'string' } })
  @ApiAcceptedResponse({ type: SeriesReplayDto })
  @ApiProblems(401, 403, 404, 409, 503)
  replay(
    @Param('id') id: string,
    @Param('destination') destination: string,
    @Req() req: ContextRequest,
  ): Promise<SeriesReplayDto> {
    return this.series.replay(id, destination, contextOf(req));
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Allow(Access.pipelineOperate)
  @ApiOperation({ summary: 'Run the segmentation again (a failed or finished series), as a new generation' })
  @ApiParam(ID)
  @ApiAcceptedResponse({ type: SeriesRetryDto })
  @ApiProblems(401, 403, 404, 409, 503)
  retry(@Param('id') id: string, @Req() req: ContextRequest): Promise<SeriesRetryDto> {
    return this.series.retry(id, contextOf(req));
  }
}
