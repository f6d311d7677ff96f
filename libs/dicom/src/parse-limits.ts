/**
 * Bounds on what parsing one dataset may cost, whatever the input: a hostile or broken sender must
 * get a coded error, never exhaust the heap or the stack. (A 192 MiB part of empty sequence items is
 * 25 million datasets; 2,000 nested sequences overflow the stack; a 1 MB deflated body can inflate
 * to gigabytes.) The defaults are far above what real studies need: an enhanced multi-frame MR of
 * 3,000 frames has some 50,000 items and 200,000 elements, SR trees nest a dozen levels.
 */
export interface ParseLimits {
  /** Sequence nesting depth (a dataset at top level is depth 0). */
  maxDepth: number;
  /** Elements in the whole dataset, nested ones included. */
  maxElements: number;
  /** Sequence items (and pixel data fragments) in the whole dataset. */
  maxItems: number;
  /** Bytes a Deflated Explicit VR Little Endian dataset may inflate to (PS3.5 §A.5). */
  maxInflatedBytes: number;
  /** ...and at most this many times its deflated size: a bomb is refused before it is inflated far. */
  maxInflateRatio: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxDepth: 64,
  maxElements: 1_000_000,
  maxItems: 250_000,
  maxInflatedBytes: 512 * 1024 ** 2,
  maxInflateRatio: 200,
});
