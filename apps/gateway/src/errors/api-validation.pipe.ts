import { ValidationPipe, type Type } from '@nestjs/common';
import { RequestError } from './request.error';
import { fieldProblems } from './validation.mapper';

/**
 * The admin, console and sign-in API's input checks (class-validator DTOs): unknown properties
 * are refused, and every problem is answered at once as one `request/invalid` problem. Not for
 * DICOMweb routes, whose query parsing follows PS3.18 on its own.
 */
export function apiValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Query strings arrive as strings; DTOs convert them with explicit @Type()s only.
    transformOptions: { enableImplicitConversion: false },
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestError('request/invalid', fieldProblems(errors)),
  });
}

/**
 * The pipe for one `@Body()` or `@Query()` of a DTO class, named explicitly: the validation must
 * not depend on `design:paramtypes`, which tsx (benches, test processes) does not emit, and without
 * which ValidationPipe would pass the raw input through unchecked.
 */
export const validated = (dto: Type<unknown>): ValidationPipe => apiValidationPipe(dto);
