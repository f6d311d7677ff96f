import { DicomWebError } from '@delineo/dicomweb';
import { parseRenderQuery } from './rendered-query';

describe('parseRenderQuery (PS3.18 §8.3.5.1)', () => {
  it('reads window, viewport and quality', () => {
    expect(parseRenderQuery({ window: '40,400,sigmoid', viewport: '256,128', quality: '75' })).toEqual({
      window: { center: 40, width: 400, fn: 'SIGMOID' },
      viewport: { width: 256, height: 128 },
      quality: 75,
    });
    expect(parseRenderQuery({ window: '-600,1500' }).window).toEqual({ center: -600, width: 1500, fn: 'LINEAR' });
    expect(parseRenderQuery({ window: '0,1,linear-exact' }).window?.fn).toBe('LINEAR_EXACT');
  });

  it.each([
    [{ window: '40' }],
    [{ window: '40,0' }],
    [{ window: ',400' }],
    [{ window: '40,400,cubic' }],
    [{ window: ['1,2', '3,4'] }],
    [{ viewport: '0,10' }],
    [{ viewport: '10,10,0,0,5,5' }],
    [{ viewport: '99999,10' }],
    [{ quality: '0' }],
    [{ quality: '101' }],
    [{ quality: 'high' }],
    [{ annotation: 'patient' }],
  ])('answers 400 to %j', (q) => {
    expect(() => parseRenderQuery(q as Record<string, unknown>)).toThrow(DicomWebError);
  });

  it('takes only viewport for thumbnails and ignores the rest', () => {
    expect(parseRenderQuery({ viewport: '64,64', window: 'junk', quality: 'junk' }, true)).toEqual({
      viewport: { width: 64, height: 64 },
    });
  });
});
