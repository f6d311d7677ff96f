import 'reflect-metadata';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { ArgumentMetadata } from '@nestjs/common';
import { apiValidationPipe } from './api-validation.pipe';
import { toProblem } from './http-problem';
import { RequestError } from './request.error';
import { fieldProblems } from './validation.mapper';

class Rule {
  @IsString({ message: 'model must be a string' })
  @MaxLength(8)
  model!: string;
}

class Settings {
  @ValidateNested({ each: true })
  @Type(() => Rule)
  @ArrayMaxSize(2)
  routing!: Rule[];
}

class Body {
  @ValidateNested()
  @Type(() => Settings)
  settings!: Settings;

  @IsInt()
  @Min(1)
  @Max(200)
  limit!: number;

  @IsIn(['a', 'b'])
  kind!: string;
}

const meta: ArgumentMetadata = { type: 'body', metatype: Body };

async function rejection(value: unknown): Promise<RequestError> {
  const err: unknown = await apiValidationPipe()
    .transform(value, meta)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(err instanceof RequestError)) throw new Error('expected a RequestError');
  return err;
}

describe('ValidationError → request/invalid', () => {
  it('lists every problem with its path, nested objects and array items included', async () => {
    const err = await rejection({ settings: { routing: [{ model: 'ok' }, { model: 7 }] }, limit: 0, kind: 'c' });
    expect(err.code).toBe('request/invalid');
    expect(err.errors.map((e) => e.path)).toEqual([
      'settings.routing[1].model', // not a string, and so not at most 8 characters either
      'settings.routing[1].model',
      'limit',
      'kind',
    ]);
    expect(err.errors.map((e) => e.message)).toContain('model must be a string');
  });

  it('refuses unknown properties at any depth, naming each', async () => {
    const err = await rejection({ settings: { routing: [{ model: 'm', extra: 1 }] }, limit: 1, kind: 'a', x: 2 });
    expect(err.errors.map((e) => e.path).sort()).toEqual(['settings.routing[0].extra', 'x']);
    expect(err.errors[0].message).toMatch(/should not exist/);
  });

  it('names keys that are not identifiers in brackets', () => {
    expect(fieldProblems([{ property: 'a b', constraints: { c: 'bad' }, children: [] }])).toEqual([
      { path: '["a b"]', message: 'bad' },
    ]);
  });

  it('never quotes the value sent, and maps to a 400 problem with the list', async () => {
    const err = await rejection({ settings: { routing: [{ model: 'DOE^JANE-123456' }] }, limit: 500, kind: 'a' });
    const p = toProblem(err);
    expect(p).toMatchObject({ status: 400, code: 'request/invalid' });
    expect(p.errors?.map((e) => e.path)).toEqual(['settings.routing[0].model', 'limit']);
    expect(JSON.stringify(p)).not.toContain('DOE^JANE');
  });

  it('answers a body that is not an object with one problem at the body', async () => {
    const err = await rejection('text');
    expect(err.errors.length).toBeGreaterThan(0);
  });
});
