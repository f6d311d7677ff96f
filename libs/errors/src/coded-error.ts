/**
 * The base of every domain error (STYLE "Errors"): a stable string code that each transport maps
 * to its own status in one table. Messages name fields and the kind of problem, never dataset or
 * query values, because errors end up in logs. `name` is the subclass's own name.
 */
export class CodedError<C extends string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
