/** Stable codes for failures the db lib reports on purpose; driver errors pass through untouched. */
export type DbErrorCode =
  | 'db/unknown-query-attribute'
  | 'db/invalid-query-value'
  | 'db/invalid-date-range'
  | 'db/invalid-paging'
  | 'db/missing-database-url';

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}
