import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** Liveness and readiness (database, object store, queue). */
@Module({ controllers: [HealthController] })
export class HealthModule {}
