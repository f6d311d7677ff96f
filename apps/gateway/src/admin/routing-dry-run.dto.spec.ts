import { apiValidationPipe } from '../errors/api-validation.pipe';
import { RequestError } from '../errors/request.error';
import { DryRunQueryDto } from './routing-dry-run.dto';

const check = (raw: Record<string, string | string[]>) =>
  apiValidationPipe().transform(raw, { type: 'query', metatype: DryRunQueryDto });
const pathsOf = async (raw: Record<string, string | string[]>): Promise<string[]> => {
  const err: unknown = await check(raw).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof RequestError)) throw new Error('accepted');
  return err.errors.map((e) => e.path);
};

describe('the routing dry run query (DryRunQueryDto)', () => {
  it('accepts an AE title of 16 characters with inner spaces and a token source', async () => {
    expect(await check({ callingAeTitle: 'CT SCANNER 0001A', source: 'ris_1' })).toEqual({
      callingAeTitle: 'CT SCANNER 0001A',
      source: 'ris_1',
    });
  });

  it('refuses an AE title past 16 characters, with a backslash or all spaces, and names each field', async () => {
    expect(await pathsOf({ callingAeTitle: 'A'.repeat(17), source: 'Upper' })).toEqual(['callingAeTitle', 'source']);
    expect(await pathsOf({ callingAeTitle: 'BAD\\AE' })).toEqual(['callingAeTitle']);
    expect(await pathsOf({ callingAeTitle: '    ' })).toEqual(['callingAeTitle']);
  });

  it('refuses a repeated parameter, a source past 32 characters and an unknown parameter', async () => {
    expect(await pathsOf({ callingAeTitle: ['A', 'B'] })).toEqual(['callingAeTitle', 'callingAeTitle']);
    expect(await pathsOf({ source: 's'.repeat(33) })).toEqual(['source']);
    expect(await pathsOf({ sourceAe: 'X' })).toEqual(['sourceAe']);
  });
});
