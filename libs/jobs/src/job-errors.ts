import { CodedError } from '@delineo/errors';

export type JobContractErrorCode = 'jobs/unknown-name' | 'jobs/invalid-payload' | 'jobs/invalid-id';

/** Messages name keys and rules only, never the offending values (they could be PHI). */
export class JobContractError extends CodedError<JobContractErrorCode> {}
