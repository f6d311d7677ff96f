import type { ReceivedVia } from './entities/instance.entity';
import type { SeriesRoute } from './entities/series-state';
import type { LevelAttributes } from './entities/level-attributes';

/** Everything here is already de-identified; originals never reach the db lib. */
export interface NewInstanceInput {
  pseudoPatientId: string;
  study: {
    studyInstanceUid: string;
    studyDate?: string | null;
    studyTime?: string | null;
    accessionNumber?: string | null;
    studyDescription?: string | null;
    /** De-identified study attributes without a column (QIDO-RS). */
    attributes?: LevelAttributes | null;
  };
  series: {
    seriesInstanceUid: string;
    modality?: string | null;
    seriesNumber?: number | null;
    seriesDescription?: string | null;
    bodyPartExamined?: string | null;
    frameOfReferenceUid?: string | null;
    expectedInstances?: number | null;
    /** De-identified series attributes without a column (QIDO-RS). */
    attributes?: LevelAttributes | null;
  };
  instance: {
    sopInstanceUid: string;
    sopClassUid: string;
    transferSyntaxUid: string;
    instanceNumber?: number | null;
    rows?: number | null;
    columns?: number | null;
    numberOfFrames?: number | null;
    bitsAllocated?: number | null;
    imagePositionPatient?: number[] | null;
    imageOrientationPatient?: number[] | null;
    pixelSpacing?: number[] | null;
    sliceThickness?: number | null;
    sizeBytes: number;
    sha256: string;
    objectKey: string;
    receivedVia: ReceivedVia;
  };
  /** Stored on the series only when it has no route yet or this instance reopens it. */
  route?: SeriesRoute | null;
}

export type UpsertOutcome = 'created' | 'identical' | 'replaced';

export interface UpsertInstanceResult {
  outcome: UpsertOutcome;
  instanceId: string;
  seriesId: string;
  studyId: string;
  /** True when the series had left 'received' and this instance sent it back (generation + 1). */
  seriesReopened: boolean;
  /** For 'replaced': the object key of the replaced bytes, so the caller can delete them if it differs. */
  previousObjectKey?: string;
}
