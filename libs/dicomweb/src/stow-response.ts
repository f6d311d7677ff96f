import { DicomJsonObject, dicomJsonAttribute } from './dicom-json-attribute';

/**
 * Failure Reason (0008,1197) values for STOW-RS, PS3.18 Table I.2-2 (Store Instances Response
 * Failure Reason Values). The A7xx/A9xx/Cxxx ranges share their meaning with C-STORE statuses
 * (PS3.4 Table B.2-1); we send the base code of each range.
 */
export const FailureReason = {
  /** A7xx Refused: out of resources. */
  OutOfResources: 0xa700,
  /** A9xx Error: Data Set does not match SOP Class. */
  DataSetDoesNotMatchSopClass: 0xa900,
  /** Cxxx Error: cannot understand (e.g. not a parsable Part 10 file). */
  CannotUnderstand: 0xc000,
  /** C122 Referenced Transfer Syntax not supported. */
  TransferSyntaxNotSupported: 0xc122,
  /** 0110 Processing failure: a general failure while processing the instance. */
  ProcessingFailure: 0x0110,
  /** 0122 Referenced SOP Class not supported. */
  SopClassNotSupported: 0x0122,
} as const;

/** Warning Reason (0008,1196) values, PS3.18 Table I.2-1 (same codes as PS3.4 Table B.2-1). */
export const WarningReason = {
  /** B000 Coercion of Data Elements: the stored instance differs from the one sent. */
  CoercionOfDataElements: 0xb000,
  /** B006 Elements Discarded. */
  ElementsDiscarded: 0xb006,
  /** B007 Data Set does not match SOP Class, stored anyway. */
  DataSetDoesNotMatchSopClass: 0xb007,
} as const;

export interface StoredInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  retrieveUrl: string;
  warningReason?: number;
}

export interface FailedInstance {
  sopClassUid?: string;
  sopInstanceUid?: string;
  failureReason: number;
}

/** PS3.18 Table 10.5.3-1. 400 is for a request with no instances in it at all. */
export type StowStatus = 200 | 202 | 400 | 409;

export interface StowResponse {
  status: StowStatus;
  /** Store Instances Response Module (PS3.18 Annex I) in the DICOM JSON model. */
  body: DicomJsonObject;
}

const T = {
  RetrieveURL: 0x00081190,
  FailedSOPSequence: 0x00081198,
  ReferencedSOPSequence: 0x00081199,
  ReferencedSOPClassUID: 0x00081150,
  ReferencedSOPInstanceUID: 0x00081155,
  WarningReason: 0x00081196,
  FailureReason: 0x00081197,
} as const;

/** Collects per-instance outcomes of one STOW-RS request and renders the response (PS3.18 §10.5.3). */
export class StowResponseBuilder {
  private readonly stored: StoredInstance[] = [];
  private readonly failed: FailedInstance[] = [];

  /** @param studyRetrieveUrl the target study's URL, for a request to /studies/{uid}. */
  constructor(private studyRetrieveUrl?: string) {}

  /** Sets the study's URL once it is known, e.g. when storing coerced the Study Instance UID. */
  setStudyRetrieveUrl(url: string): this {
    this.studyRetrieveUrl = url;
    return this;
  }

  addStored(instance: StoredInstance): this {
    if (instance.warningReason !== undefined) assertUs(instance.warningReason);
    this.stored.push({ ...instance });
    return this;
  }

  /** How many instances were stored and how many failed so far (for the audit record). */
  counts(): { stored: number; failed: number } {
    return { stored: this.stored.length, failed: this.failed.length };
  }

  addFailed(instance: FailedInstance): this {
    assertUs(instance.failureReason);
    this.failed.push({ ...instance });
    return this;
  }

  /**
   * 200 when every instance was stored cleanly; 202 when some were stored but others failed or
   * carry warnings; 409 when none was stored; 400 when the request held no instance at all.
   */
  status(): StowStatus {
    if (this.stored.length === 0) return this.failed.length === 0 ? 400 : 409;
    const warned = this.stored.some((s) => s.warningReason !== undefined);
    return this.failed.length > 0 || warned ? 202 : 200;
  }

  build(): StowResponse {
    const body: DicomJsonObject = {};
    if (this.studyRetrieveUrl !== undefined && this.stored.length > 0) {
      Object.assign(body, dicomJsonAttribute(T.RetrieveURL, 'UR', [this.studyRetrieveUrl]));
    }
    if (this.failed.length > 0) {
      Object.assign(body, dicomJsonAttribute(T.FailedSOPSequence, 'SQ', this.failed.map(failedItem)));
    }
    if (this.stored.length > 0) {
      Object.assign(body, dicomJsonAttribute(T.ReferencedSOPSequence, 'SQ', this.stored.map(storedItem)));
    }
    return { status: this.status(), body };
  }
}

function storedItem(s: StoredInstance): DicomJsonObject {
  return {
    ...dicomJsonAttribute(T.ReferencedSOPClassUID, 'UI', [s.sopClassUid]),
    ...dicomJsonAttribute(T.ReferencedSOPInstanceUID, 'UI', [s.sopInstanceUid]),
    ...dicomJsonAttribute(T.RetrieveURL, 'UR', [s.retrieveUrl]),
    ...(s.warningReason === undefined ? {} : dicomJsonAttribute(T.WarningReason, 'US', [s.warningReason])),
  };
}

/** PS3.18 Annex I: the failed instance's UIDs are included when they could be read from it. */
function failedItem(f: FailedInstance): DicomJsonObject {
  return {
    ...(f.sopClassUid ? dicomJsonAttribute(T.ReferencedSOPClassUID, 'UI', [f.sopClassUid]) : {}),
    ...(f.sopInstanceUid ? dicomJsonAttribute(T.ReferencedSOPInstanceUID, 'UI', [f.sopInstanceUid]) : {}),
    ...dicomJsonAttribute(T.FailureReason, 'US', [f.failureReason]),
  };
}

function assertUs(code: number): void {
  if (!Number.isInteger(code) || code < 0 || code > 0xffff) throw new RangeError('status code must be a US value');
}
