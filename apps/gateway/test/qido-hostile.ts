import { QIDO_MATCHING_KEYS } from '@delineo/dicomweb';

/** A small deterministic PRNG (mulberry32), so a failing query string can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  ...Object.values(QIDO_MATCHING_KEYS).flatMap((ks) => ks.map((k) => k.keyword)),
  'RequestAttributesSequence.ScheduledProcedureStepID',
  '00400275.00401001',
  'includefield',
  'limit',
  'offset',
  'fuzzymatching',
  'Manufacturer',
  '7FE00010',
  '00091010',
  'PixelData',
  'Foo.Bar',
  'a.b.c.d.e',
  '',
  '%00',
  'StudyDate.StudyTime',
];

const VALUES = [
  '',
  '*',
  '""',
  '?',
  '-',
  '--',
  '20200101-',
  '-20200101',
  '20200101-20191231',
  '2020',
  '99999999',
  '0000-9999',
  '1.2.3',
  '1.2.*',
  '01.2',
  "' OR 1=1 --",
  '%',
  '_',
  '\\',
  ',,,',
  'a\\b\\c',
  'CT,MR,*',
  'x'.repeat(5000),
  '1'.repeat(70),
  '-1',
  '2147483648',
  '1e309',
  'NaN',
  'true',
  'all',
  '%FF%FE',
  '%',
  '%E2%82%AC',
  '\u0000',
  '\u001b$B',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '235959.9999999',
  '2400',
  '20200230',
  '20201301',
  '[object Object]',
];

/** `count` query strings mixing every key with odd values, repeated keys and raw bad encodings. */
export function hostileQueries(seed: number, count: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const n = 1 + Math.floor(rnd() * 5);
    for (let j = 0; j < n; j++) {
      const key = pick(KEYS);
      const value = pick(VALUES);
      const raw = value.startsWith('%') && rnd() < 0.5;
      const k = rnd() < 0.1 ? `${key}[]` : encodeURIComponent(key);
      parts.push(`${k}=${raw ? value : encodeURIComponent(value)}`);
    }
    if (rnd() < 0.1) parts.push(parts[0]);
    out.push(parts.join('&'));
  }
  // Every key with every value once, so the flood reaches every branch.
  for (const key of KEYS)
    for (const value of VALUES.slice(0, 12)) out.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return out;
}
