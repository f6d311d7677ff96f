import { JobContractError } from './job-errors';

/** One label's volumetry; names come from the model manifest, never from a dataset. */
export interface SegmentVolume {
  value: number;
  name: string;
  voxels: number;
  volumeMl: number;
}

/** What the worker reports back through the queue (BullMQ's return value) for segment-series. */
export interface SegmentSeriesResult {
  modelId: string;
  modelVersion: string;
  /** 'builtin', 'command', or the ONNX execution provider that ran ('cuda', 'webgpu', 'cpu'). */
  engine: string;
  dims: [number, number, number];
  volumes: SegmentVolume[];
  timings: {
    downloadMs: number;
    decodeMs: number;
    inferenceMs: number;
    postprocessMs: number;
    uploadMs: number;
    totalMs: number;
  };
  startedAt: string;
  finishedAt: string;
}

const NAME = /^[\p{L}\p{N} ()._,/+-]{1,128}$/u;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks a result read back from Redis before it reaches the database. */
export function validateSegmentResult(value: unknown): SegmentSeriesResult {
  const r = value as SegmentSeriesResult;
  const problems: string[] = [];
  if (!r || typeof r !== 'object')
    throw new JobContractError('jobs/invalid-payload', 'segment-series result must be an object');
  if (!NAME.test(String(r.modelId)) || !NAME.test(String(r.modelVersion)) || !NAME.test(String(r.engine)))
    problems.push('model ids must be names');
  if (!Array.isArray(r.dims) || r.dims.length !== 3 || !r.dims.every(num)) problems.push('dims must be 3 numbers');
  if (
    !Array.isArray(r.volumes) ||
    !r.volumes.every((v) => num(v?.value) && NAME.test(String(v?.name)) && num(v?.voxels) && num(v?.volumeMl))
  )
    problems.push('volumes are malformed');
  if (!r.timings || !Object.values(r.timings).every(num)) problems.push('timings must be numbers');
  if (!ISO.test(String(r.startedAt)) || !ISO.test(String(r.finishedAt)))
    problems.push('startedAt/finishedAt must be ISO instants');
  if (problems.length)
    throw new JobContractError('jobs/invalid-payload', `segment-series result: ${problems.join('; ')}`);
  return r;
}
