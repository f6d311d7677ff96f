/**
 * What a screenshot shows, judged from its pixels (PNG decoded with fast-png).
 * - "image": grey pixels brighter than the background, as a CT slice drawn through a window.
 * - "colour": pixels whose chroma points the way a given colour's does. OHIF draws a segment as a
 *   translucent fill over the grey image plus an opaque outline, so a pixel is a·c + (1−a)·g for a
 *   grey g: removing its smallest channel leaves a·(c − min c), the colour's chroma scaled. Grey has
 *   none, and OHIF's blue UI points elsewhere.
 */

/* fast-png ships ES modules with `exports` typings only; Node ≥ 20.19 require()s them. */
interface DecodedPng {
  width: number;
  height: number;
  depth: number;
  channels: number;
  data: ArrayLike<number>;
}
const decode = (png: Buffer): DecodedPng =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('fast-png') as { decode(b: Uint8Array): DecodedPng }).decode(png);

export type Rgb = [number, number, number];

function rgba(png: Buffer): { data: ArrayLike<number>; channels: number; count: number } {
  const img = decode(png);
  if (img.depth !== 8) throw new Error(`unexpected PNG depth ${img.depth}`);
  return { data: img.data, channels: img.channels, count: img.width * img.height };
}

/** Fraction of pixels that are grey (channels within 12) and brighter than 40 of 255. */
export function greyImageFraction(png: Buffer): number {
  const { data, channels, count } = rgba(png);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const [r, g, b] = [data[i * channels], data[i * channels + 1], data[i * channels + 2]];
    if (Math.max(r, g, b) - Math.min(r, g, b) <= 12 && r > 40) n++;
  }
  return n / count;
}

/** Fraction of pixels showing `colour` at a quarter of its chroma or more (cosine ≥ 0.97). */
export function colourFraction(png: Buffer, colour: Rgb): number {
  const { data, channels, count } = rgba(png);
  const m = Math.min(...colour);
  const k = colour.map((c) => c - m);
  const kLen = Math.hypot(...k);
  if (kLen < 64) throw new Error(`colour ${colour.join(',')} is too close to grey to be seen`);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const p = [data[i * channels], data[i * channels + 1], data[i * channels + 2]];
    const pm = Math.min(...p);
    const q = p.map((c) => c - pm);
    const qLen = Math.hypot(...q);
    if (qLen < kLen / 4) continue;
    const cos = (q[0] * k[0] + q[1] * k[1] + q[2] * k[2]) / (qLen * kLen);
    if (cos >= 0.97) n++;
  }
  return n / count;
}
