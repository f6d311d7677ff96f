import { CodedError } from '@delineo/errors';

/** Stable codes for failures the db lib reports on purpose; driver errors pass through untouched. */
export type DbErrorCode =
  | 'db/unknown-query-attribute'
  | 'db/invalid-query-value'
  | 'db/invalid-date-range'
  | 'db/invalid-paging'
  | 'db/missing-database-url';

export class DbError extends CodedError<DbErrorCode> {}
