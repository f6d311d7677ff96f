/** Tokens of the pipeline area. */
export const PipelineTokens = {
  /** The gateway's ModelThreadPool: volume assembly and, with an in-process worker, model runs. */
  ModelThreads: Symbol('ModelThreads'),
  /** Catch-up steps of later areas (results, delivery) that the reconciler runs every interval. */
  CatchUpSteps: Symbol('CatchUpSteps'),
} as const;

/** A later step's own reconciliation: finds work the database says is unfinished and redoes it. */
export interface CatchUpStep {
  readonly stepName: string;
  /** `before`: rows untouched since then are considered stalled. Returns how many were redone. */
  reconcile(before: Date): Promise<number>;
}
