import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';

const WHY: Record<number, string> = {
  400: 'The request is not valid: `errors` lists every problem with its path (request/invalid)',
  401: 'Not signed in, or the token is unknown, expired or revoked',
  403: 'The caller lacks the role or scope (access/forbidden), or a write without its CSRF token',
  404: 'No such resource',
  409: 'The resource is not in a state that allows this',
  413: 'The body is larger than this route accepts',
  429: 'Too many attempts; try again later',
  503: 'A dependency (database, queue, store) is unavailable for now',
};

/** The problem+json answers a route can give (RFC 9457), each with the shared Problem schema. */
export const ApiProblems = (...statuses: ReadonlyArray<keyof typeof WHY>) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: WHY[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
