import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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
import { startInfrastructure } from './infrastructure/infrastructure';
import { PipelineTokens } from './pipeline/pipeline.tokens';

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

/**
 * Slowloris bounds (issue 13 §3), set before listening because Node reads the checking interval
 * then. The header block must arrive within headersTimeout, the whole request (a STOW body
 * included) within requestTimeout; a sender past either gets 408 and the socket is closed. Node
 * checks every connectionsCheckingInterval (default 30 s), so it is half the headers timeout here:
 * a stalled sender is closed within 1.5 times it. Header size and count stay at Node's defaults
 * (16 KiB in all, `--max-http-header-size`, 431 beyond; header lines past `maxHeadersCount` dropped).
 */
function boundHttpTimeouts(server: Server, http: AppConfig['http']): void {
  server.requestTimeout = http.requestTimeoutSeconds * 1000;
  // Never past the request timeout (Node refuses that combination at createServer).
  server.headersTimeout = Math.min(http.headersTimeoutSeconds, http.requestTimeoutSeconds) * 1000;
  // The createServer option, which Nest does not pass on; Node reads the property when listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    30_000,
    server.headersTimeout / 2,
  );
  // Longer than the usual proxy/client idle timeouts (60 s): a server that closes an idle keep-alive
  // socket as a request arrives on it makes the client see ECONNRESET. It may exceed headersTimeout:
  // Node starts the headers clock at a request's first byte, not when the connection goes idle.
  server.keepAliveTimeout = 65_000;
}

/**
 * Node's server.close() (20.x) closes only the connections idle between two requests. It leaves
 * open a connection that has not sent a request yet (a browser's preconnect; undici reconnecting
 * once an event stream's socket closes) and a keep-alive one whose response ends after close(), so
 * a close would wait for the client to leave (up to keepAliveTimeout, 65 s). RFC 9112 §9.6 lets a
 * server close a connection with no request in flight: from the returned call on, such
 * connections are closed, as is each one when its last response has been sent. Requests in
 * flight (a STOW upload, an event stream until its hub ends it) finish first.
 */
function closeConnectionsOnShutdown(server: Server): () => void {
  const sockets = new Set<Socket>();
  const inFlight = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    if (closing) return void socket.destroy();
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    if (closing) res.shouldKeepAlive = false;
    res.once('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (left > 0) return void inFlight.set(socket, left);
      inFlight.delete(socket);
      if (closing) socket.destroySoon();
    });
  });
  return () => {
    closing = true;
    for (const socket of sockets) if (!inFlight.has(socket)) socket.destroy();
  };
}
