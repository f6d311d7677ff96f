import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IsInt, Max } from 'class-validator';
import { validated } from './api-validation.pipe';
import { RequestError } from './request.error';

class ProbeDto {
  @IsInt()
  @Max(10)
  n!: number;
}

function controllers(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? controllers(path.join(dir, e.name))
      : e.name.endsWith('.controller.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe('validated(Dto)', () => {
  it('checks the DTO even when the parameter has no design type (tsx emits none)', async () => {
    const pipe = validated(ProbeDto);
    const err = await pipe.transform({ n: 11, extra: 1 }, { type: 'body', metatype: undefined }).catch((e) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).errors.map((e) => e.path).sort()).toEqual(['extra', 'n']);
    await expect(pipe.transform({ n: 3 }, { type: 'body', metatype: undefined })).resolves.toBeInstanceOf(ProbeDto);
  });

  it('is named on every whole-object @Body() and @Query() of a DTO in the gateway', () => {
    const bare = controllers(path.join(__dirname, '..')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/@(Body|Query)\(\)\s+\w+:\s*[A-Z]\w*Dto/g)].map(
        (m) => `${path.basename(file)}: ${m[0]}`,
      ),
    );
    expect(bare).toEqual([]);
  });
});
