import { parseDa } from './dates';

const DAY_MS = 86_400_000;
const pad3 = (n: number): string => String(Math.min(n, 999)).padStart(3, '0');

/**
 * Patient's Age (0010,1010) as an AS value (PS3.5 §6.2: "nnnD", "nnnW", "nnnM" or "nnnY") at the
 * reference date. Completed units, as age is counted clinically: days under one month, months
 * under two years, years from then on (capped at 999Y). Undefined when either date is not a full
 * calendar date or the reference precedes the birth.
 */
export function computePatientAge(birthDate: string, referenceDate: string): string | undefined {
  const birth = parseDa(birthDate);
  const ref = parseDa(referenceDate);
  if (birth === undefined || ref === undefined || ref < birth) return undefined;
  const [by, bm, bd] = [+birthDate.slice(0, 4), +birthDate.slice(4, 6), +birthDate.slice(6, 8)];
  const [ry, rm, rd] = [+referenceDate.slice(0, 4), +referenceDate.slice(4, 6), +referenceDate.slice(6, 8)];
  // A month (or year) is complete once the day-of-month reaches the birth day; someone born on
  // 29 February completes a year on 1 March in common years.
  const months = (ry - by) * 12 + (rm - bm) - (rd < bd ? 1 : 0);
  if (months >= 24) return pad3(Math.floor(months / 12)) + 'Y';
  if (months >= 1) return pad3(months) + 'M';
  return pad3(Math.round((ref - birth) / DAY_MS)) + 'D';
}
