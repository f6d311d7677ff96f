import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toProblem, type Problem } from './http-problem';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * body-parser's own refusals (a body over its limit: 413; unparseable JSON or form: 400) arrive as
 * http-errors with a 4xx `status` and a `type`; they are the client's, never a 500.
 */
function bodyParserProblem(err: unknown): Problem | undefined {
  const e = err as { status?: unknown; type?: unknown } | undefined;
  if (typeof e?.type !== 'string' || typeof e.status !== 'number' || e.status < 400 || e.status > 499) return undefined;
  const status = e.status;
  const detail =
    e.type === 'entity.too.large'
      ? 'the request body is larger than this route accepts'
      : 'the request body cannot be read';
  return {
    type: `urn:delineo:problem:http/${status}`,
    title: status === 413 ? 'Content Too Large' : 'Bad Request',
    status,
    code: `http/${status}`,
    detail,
  };
}

/** A plain page for a person whose browser landed here (an SSO callback refused, a role missing). */
function problemPage(p: Problem): string {
  const detail = p.detail ? `<p>${escapeHtml(p.detail)}</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${p.status} ${escapeHtml(p.title)} · Delineo</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${escapeHtml(p.title)}</h1>${detail}
<p><small>code ${escapeHtml(p.code)}</small></p><p><a href="/">Back to Delineo</a></p></body></html>`;
}

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
        : (bodyParserProblem(err) ?? toProblem(err));
    if (problem.status >= 500) this.onServerError(err, problem.code);
    // RFC 9110 §11.6.1: a 401 names the scheme to use (RFC 6750 for bearer tokens).
    if (problem.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="delineo"');
    // Browsers get a page, API clients problem+json (RFC 9457); the content is the same.
    const req = host.switchToHttp().getRequest<Request>();
    if (req.accepts(['application/json', 'application/problem+json', 'text/html']) === 'text/html') {
      res.status(problem.status).type('text/html').send(problemPage(problem));
      return;
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
