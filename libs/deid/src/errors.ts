import { CodedError } from '@delineo/errors';

/** Domain error codes of libs/deid; transports map each one in their single code table. */
export type DeidErrorCode = 'deid/burned-in-annotation' | 'deid/missing-uid' | 'deid/invalid-key';

export class DeidError extends CodedError<DeidErrorCode> {}
