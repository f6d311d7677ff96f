import { initCodecs } from './codecs';
import { FrameInfo, instanceFrames, isEncapsulated, SeriesInput, toParsed } from './frames';
import { GeometryOptions, sortFrames } from './geometry';
import { Volume } from './types';

/**
 * Series → volume, synchronously. Encapsulated pixel data needs the codecs loaded first
 * (`await initCodecs()`); `assembleSeries` does that for you.
 */
export function assembleSeriesSync(inputs: SeriesInput[], opts: GeometryOptions = {}): Volume {
  const frames: FrameInfo[] = [];
  for (const input of inputs) for (const f of instanceFrames(input)) frames.push(f);
  const { grid, frames: sorted } = sortFrames(frames, opts);
  const [nx, ny, nz] = grid.dims;
  const slice = nx * ny;
  const data = new Float32Array(slice * nz);
  sorted.forEach((f, k) => f.decodeInto(data, k * slice));
  return {
    ...grid,
    data,
    sources: sorted.map((f) => ({ sopInstanceUid: f.sopInstanceUid, frameNumber: f.frameNumber })),
  };
}

/**
 * Assembles classic single-frame instances and/or enhanced multi-frame instances of one series
 * into a Float32 volume in real-world values (HU for CT), slices ordered along the normal.
 */
export async function assembleSeries(inputs: SeriesInput[], opts: GeometryOptions = {}): Promise<Volume> {
  const parsed = inputs.map(toParsed);
  if (parsed.some(isEncapsulated)) await initCodecs();
  return assembleSeriesSync(parsed, opts);
}

/** Every frame of one instance in stored order, rescaled, with no geometry checks (e.g. for QA). */
export async function decodeInstance(
  input: SeriesInput,
): Promise<{ rows: number; columns: number; frames: number; data: Float32Array }> {
  const p = toParsed(input);
  if (isEncapsulated(p)) await initCodecs();
  const frames = instanceFrames(p);
  const { rows, columns } = frames[0].format;
  const data = new Float32Array(rows * columns * frames.length);
  frames.forEach((f, i) => f.decodeInto(data, i * rows * columns));
  return { rows, columns, frames: frames.length, data };
}
