import 'reflect-metadata';
import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@delineo/config';
import { createLogger, PinoNestLogger, type Logger } from '@delineo/observability';
import type { ModelThreadPool } from '@delineo/worker';
import { AppModule } from './app.module';
import { Authenticator } from './auth/authenticator.service';
import { docsGuard } from './auth/docs.middleware';
import { requestContext } from './auth/request-context.middleware';
import { deferStowContinue } from './dicomweb/stow-continue';
import { DimseListener } from './dimse/dimse-listener';
import { ProblemFilter } from './errors/problem.filter';
import { buildOpenApiDocument } from './openapi';
import { boundHttpTimeouts, closeConnectionsOnShutdown } from './http-server';
import { startInfrastructure } from './infrastructure/infrastructure';
import { PipelineTokens } from './pipeline/pipeline.tokens';
import { SettingsSync } from './settings/settings-sync.service';

export interface RunningGateway {
  app: NestExpressApplication;
  httpPort: number;
  dimsePort: number;
  log: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  logDestination?: string;
}

/**
 * Composition root: infrastructure first (connections and file handles, opened before Nest and
 * closed after it), then the Nest app, whose modules hold every service; listening starts once
 * every module is initialised (DIMSE, timers and job handlers on application bootstrap).
 */
export async function startGateway(config: AppConfig, opts: StartOptions = {}): Promise<RunningGateway> {
  const log = createLogger({ level: config.logLevel, name: 'gateway', destination: opts.logDestination });
  const infra = await startInfrastructure(config, log);
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, infra, log }), {
      logger: new PinoNestLogger(log),
      bodyParser: false,
      abortOnError: false, // let main.ts report a failed start (with a code), instead of process.exit
    });
  } catch (err) {
    await infra.close();
    throw err;
  }
  app.use(requestContext);
  // Bodies are parsed only for these small types (sign-in, tokens, the SAML POST binding);
  // STOW-RS streams its multipart body itself.
  app.useBodyParser('json', { limit: '64kb' });
  app.useBodyParser('urlencoded', { limit: '512kb', extended: false, parameterLimit: 16 });
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  // X-Forwarded-For/-Proto/-Host are believed only from the proxies named (Express "trust proxy");
  // an empty list is `false`: req.ip, req.protocol and req.host then come from the socket and Host.
  const proxies = config.http.trustedProxies;
  express.set('trust proxy', proxies.length > 0 ? [...proxies] : false);
  boundHttpTimeouts(app.getHttpServer() as Server, config.http);
  deferStowContinue(app.getHttpServer() as Server);
  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.http.corsOrigins],
      exposedHeaders: ['Warning', 'Content-Location', 'X-Request-Id'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-CSRF-Token', 'X-Request-Id'],
    });
  }
  app.useGlobalFilters(
    new ProblemFilter((err, code) => log.error({ err, code, event: 'http-error' }, 'request failed')),
  );
  app.use('/api/docs', docsGuard(app.get(Authenticator)));
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app));
  // No app.enableShutdownHooks(): runService owns SIGINT/SIGTERM and calls close() below, which
  // closes Nest too. Nest's own handler re-raised the signal after app.close(), killing the process
  // before the database, PGlite and the object journal were closed.
  const threads = app.get<ModelThreadPool>(PipelineTokens.ModelThreads);
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (err) {
    await app.close().catch(() => undefined);
    await infra.close();
    await threads.close();
    throw err;
  }
  const server = app.getHttpServer() as Server;
  const drainHttp = closeConnectionsOnShutdown(server);
  const httpPort = (server.address() as { port: number }).port;
  const dimsePort = app.get(DimseListener).port;
  // Only now, with every module started (the job handler registry included), may another
  // instance's settings version arrive: a destination it adds is then attached, never half-booted.
  await app.get(SettingsSync).start();
  log.info({ event: 'gateway-started', httpPort, dimsePort }, 'Delineo gateway started');

  return {
    app,
    httpPort,
    dimsePort,
    log,
    async close() {
      drainHttp();
      await app.close(); // timers, the DIMSE listener and HTTP (module destroy hooks)
      await infra.close(); // queue (waits for in-process jobs), database, object store
      await threads.close(); // after the queue: a job finishing during shutdown keeps its thread
    },
  };
}
