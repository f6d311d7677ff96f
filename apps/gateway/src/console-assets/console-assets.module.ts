import { Inject, Injectable, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { ConsoleAssetsMiddleware } from './console-assets.middleware';
import { CONSOLE_DIST, locateConsoleDist } from './console-dist';

/** Says at start whether the console is built, so an operator who ran only tsc learns why `/` answers 503. */
@Injectable()
class ConsoleAssetsReport {
  constructor(@Inject(CONSOLE_DIST) dist: string, @Inject(CoreTokens.Logger) log: Logger) {
    if (existsSync(path.join(dist, 'index.html'))) log.info({ event: 'console-assets', dist }, 'console served at /');
    else log.warn({ event: 'console-not-built', dist }, 'no console build: run `npm run build:console`');
  }
}

/** The administration console (apps/console's build) at `/`, beside the API on the same origin. */
@Module({
  providers: [{ provide: CONSOLE_DIST, useFactory: () => locateConsoleDist() }, ConsoleAssetsReport],
})
export class ConsoleAssetsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ConsoleAssetsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
