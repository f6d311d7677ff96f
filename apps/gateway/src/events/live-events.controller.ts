import { Controller, Get, Inject, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, Allow } from '../auth/access.decorator';
import { ApiProblems } from '../errors/api-problems.decorator';
import { SeriesEventDto, SettingsEventDto, StatsEventDto } from './live-events.dto';
import { LiveEventsService } from './live-events.service';

/**
 * GET /api/v1/events: the console's live feed as Server-Sent Events (HTML Living Standard §9.2).
 * Events: `series` (a transition: ids, UIDs, state, generation, model, times), `stats` and
 * `settings` (a new live settings version); `: ping` comments every 15 s. `Last-Event-ID` is not honoured: a reconnecting client reloads via REST.
 */
@ApiTags('console')
@Controller('api/v1/events')
export class LiveEventsController {
  constructor(@Inject(LiveEventsService) private readonly live: LiveEventsService) {}

  @Get()
  @Allow(Access.statusRead)
  @ApiOperation({
    summary: 'Live series transitions and pipeline stats (text/event-stream); 503 past the stream limit',
  })
  @ApiProduces('text/event-stream')
  @ApiExtraModels(SeriesEventDto, StatsEventDto, SettingsEventDto)
  @ApiOkResponse({
    description: `Server-Sent Events; each \`data:\` is JSON: \`event: series\` → ${getSchemaPath(SeriesEventDto)}, \`event: stats\` → ${getSchemaPath(StatsEventDto)}, \`event: settings\` → ${getSchemaPath(SettingsEventDto)}`,
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblems(401, 403, 503)
  stream(@Req() req: Request, @Res() res: Response): void {
    if (this.live.hub.size >= this.live.hub.capacity) {
      throw new ServiceUnavailableException('too many live event streams are open; retry later');
    }
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    // nginx buffers responses unless told not to; a buffered stream is not live.
    res.setHeader('x-accel-buffering', 'no');
    // The connection is never reused: when the stream ends (shutdown), the socket closes with it
    // instead of idling as keep-alive, which would hold the server's close for keepAliveTimeout.
    res.setHeader('connection', 'close');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    if (!this.live.open(res)) return void res.end();
    res.on('close', () => this.live.close(res));
  }
}
