import { DicomWebError } from '@delineo/dicomweb';

/** `{frames}` of PS3.18 §10.4.1.1.3: a comma-separated list of 1-based frame numbers. */
export function parseFrameList(text: string): number[] {
  const numbers = text.split(',').map((s) => Number(s.trim()));
  if (numbers.length === 0 || numbers.length > 10_000 || numbers.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new DicomWebError('dicomweb/bad-query', 'frame list must be positive integers separated by commas');
  }
  return numbers;
}
