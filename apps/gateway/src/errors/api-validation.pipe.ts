import { ValidationPipe } from '@nestjs/common';
import { RequestError } from './request.error';
import { fieldProblems } from './validation.mapper';

/**
 * The admin, console and sign-in API's input checks (class-validator DTOs): unknown properties
 * are refused, and every problem is answered at once as one `request/invalid` problem. Not for
 * DICOMweb routes, whose query parsing follows PS3.18 on its own.
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
