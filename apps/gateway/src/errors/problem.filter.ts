import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { toProblem } from './http-problem';

/** Renders every error as application/problem+json; Nest's own HttpExceptions keep their status. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly onServerError: (err: unknown, code: string) => void) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const problem =
      err instanceof HttpException
        ? { type: 'about:blank', title: err.message, status: err.getStatus(), code: `http/${err.getStatus()}` }
        : toProblem(err);
    if (problem.status >= 500) this.onServerError(err, problem.code);
    // RFC 9110 §11.6.1: a 401 names the scheme to use (RFC 6750 for bearer tokens).
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="delineo"');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
