import { JobContractError } from './job-errors';
import { isLocator } from './job-locator';
import { JOB_LOCATOR_KEYS, JOB_PAYLOAD_KEYS, isJobName, type JobName, type JobPayload } from './job-names';

/** Ids are opaque tokens: letters, digits and `._:-`, at most 128 chars. A name or a date of birth won't fit. */
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function isSafeId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/**
 * Asserts that `payload` is exactly the id-only shape for `name`: every required key present,
 * every value a safe id string, and no extra keys. Returns a fresh plain object (no prototype tricks).
 */
export function validateJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  if (!isJobName(name)) throw new JobContractError('jobs/unknown-name', 'unknown job name');
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new JobContractError('jobs/invalid-payload', `${name}: payload must be an object`);
  }
  const allowed = JOB_PAYLOAD_KEYS[name] as readonly string[];
  const locators = JOB_LOCATOR_KEYS[name] as readonly string[];
  const problems: string[] = [];
  for (const key of Object.keys(payload)) {
    if (!allowed.includes(key)) problems.push(`unexpected key "${key.slice(0, 64)}"`);
  }
  const out: Record<string, string> = {};
  for (const key of allowed) {
    const value = (payload as Record<string, unknown>)[key];
    if (value === undefined) problems.push(`missing key "${key}"`);
    else if (locators.includes(key)) {
      if (isLocator(value)) out[key] = value;
      else problems.push(`key "${key}" must be a work locator (fs:work/… or an http(s) URL)`);
    } else if (!isSafeId(value)) problems.push(`key "${key}" must be an id matching ${ID_PATTERN.source}`);
    else out[key] = value;
  }
  if (problems.length > 0) {
    throw new JobContractError('jobs/invalid-payload', `${name}: ${problems.join('; ')}`);
  }
  return out as unknown as JobPayload<N>;
}
