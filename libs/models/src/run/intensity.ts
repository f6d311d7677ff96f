import type { IntensityNormalization } from '../manifest/manifest.types';
import { scaleIntensity } from '../onnx/conform';

/**
 * The manifest's intensity normalisation, returning a new array. 'hu-window' clips to [min, max]
 * and maps it to [0, 1]; 'percentile' does the same between the volume's low/high percentiles;
 * 'zscore' is (x − mean) / sd over the whole volume; 'minmax' maps [min, max] to [0, 1].
 */
export function normalizeIntensity(data: Float32Array, n: IntensityNormalization): Float32Array {
  switch (n.kind) {
    case 'hu-window':
      return window(data, n.min, n.max);
    case 'percentile': {
      const sorted = Float32Array.from(data).sort();
      const at = (p: number) =>
        sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))))];
      return window(data, at(n.low), at(n.high));
    }
    case 'minmax': {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of data) {
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
      return window(data, lo, hi);
    }
    case 'minmax-uint8':
      return scaleIntensity(data);
    case 'zscore': {
      let sum = 0;
      let sq = 0;
      for (const v of data) {
        sum += v;
        sq += v * v;
      }
      const mean = sum / data.length;
      const sd = Math.sqrt(Math.max(0, sq / data.length - mean * mean)) || 1;
      return data.map((v) => (v - mean) / sd);
    }
  }
}

function window(data: Float32Array, lo: number, hi: number): Float32Array {
  const range = hi - lo;
  if (!(range > 0)) return new Float32Array(data.length);
  return data.map((v) => (Math.min(hi, Math.max(lo, v)) - lo) / range);
}
