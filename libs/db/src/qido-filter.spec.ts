import { dicomWildcardToLike } from './qido-filter';

describe('dicomWildcardToLike', () => {
  it.each([
    ['CT*', 'CT%'],
    ['?T CHEST', '_T CHEST'],
    ['100%', '100\\%'],
    ['A_B', 'A\\_B'],
    ['C:\\dir*', 'C:\\\\dir%'],
    ['*', '%'],
  ])('converts %j to the LIKE pattern %j', (dicom, like) => {
    expect(dicomWildcardToLike(dicom)).toBe(like);
  });
});
