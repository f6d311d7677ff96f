import { Module } from '@nestjs/common';
import { LiveEventsController } from './live-events.controller';
import { LiveEventsService } from './live-events.service';

/** The console's live feed over Server-Sent Events (issue 15). */
@Module({
  controllers: [LiveEventsController],
  providers: [LiveEventsService],
})
export class LiveEventsModule {}
