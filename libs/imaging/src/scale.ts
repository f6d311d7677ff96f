/** The largest size that fits in the viewport and keeps the aspect ratio (PS3.18 §8.3.5.1.3). */
export function fitViewport(
  width: number,
  height: number,
  viewport?: { width: number; height: number },
): { width: number; height: number } {
  if (!viewport) return { width, height };
  const s = Math.min(viewport.width / width, viewport.height / height);
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/**
 * Resamples interleaved 8-bit pixels: the mean over each output pixel's footprint when shrinking
 * (no aliasing in thumbnails), the nearest source pixel when enlarging.
 */
export function resize(src: Uint8Array, w: number, h: number, channels: number, ow: number, oh: number): Uint8Array {
  if (ow === w && oh === h) return src;
  const out = new Uint8Array(ow * oh * channels);
  const sx = w / ow;
  const sy = h / oh;
  for (let y = 0; y < oh; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.min(h, Math.floor((y + 1) * sy)));
    for (let x = 0; x < ow; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.min(w, Math.floor((x + 1) * sx)));
      const count = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += src[(yy * w + xx) * channels + c];
        out[(y * ow + x) * channels + c] = Math.round(sum / count);
      }
    }
  }
  return out;
}
