export * from './errors';
export * from './types';
export { SegTag, SopClass } from './tags';
export { encodeSeg } from './encode';
export { decodeSeg } from './decode';
export { rgbToDicomLab, dicomLabToRgb } from './color';
export { packedLength, bitAt, forEachSetBit } from './bits';
