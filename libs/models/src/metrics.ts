import { ModelError } from './errors';

function sameLength(a: Uint8Array, b: Uint8Array): void {
  if (a.length !== b.length)
    throw new ModelError('models/invalid-input', `masks differ in size: ${a.length} vs ${b.length}`);
}

/** Sørensen–Dice coefficient 2|A∩B| / (|A| + |B|) of two masks (nonzero = in); 1 when both are empty. */
export function dice(a: Uint8Array, b: Uint8Array): number {
  sameLength(a, b);
  let inter = 0,
    na = 0,
    nb = 0;
  for (let v = 0; v < a.length; v++) {
    const x = a[v] !== 0,
      y = b[v] !== 0;
    if (x) na++;
    if (y) nb++;
    if (x && y) inter++;
  }
  return na + nb === 0 ? 1 : (2 * inter) / (na + nb);
}

/** |ref ∩ ours| / |ref|: how much of a reference mask a prediction covers; 1 when ref is empty. */
export function coverage(ref: Uint8Array, ours: Uint8Array): number {
  sameLength(ref, ours);
  let inter = 0,
    n = 0;
  for (let v = 0; v < ref.length; v++) {
    if (ref[v] === 0) continue;
    n++;
    if (ours[v] !== 0) inter++;
  }
  return n === 0 ? 1 : inter / n;
}
