import type { OptionColumn } from './profile-row';

/** What to do when pixel data may carry burned-in text (PS3.15 §E.3.1 Clean Pixel Data is not offered). */
export type BurnedInPolicy = 'reject' | 'accept-flagged';

/**
 * PS3.15 §E.3 profile options we implement. The Basic Profile always applies. Clean Pixel Data,
 * Clean Recognizable Visual Features, Clean Graphics, Clean Structured Content and Retain Full
 * Dates are not offered (see README "Non-goals").
 */
export interface DeidOptions {
  retainSafePrivate: boolean;
  retainUids: boolean;
  retainDeviceIdentity: boolean;
  retainInstitutionIdentity: boolean;
  retainPatientCharacteristics: boolean;
  retainLongitudinalModifiedDates: boolean;
  cleanDescriptors: boolean;
  burnedInAnnotation: BurnedInPolicy;
}

export const DEFAULT_DEID_OPTIONS: Readonly<DeidOptions> = Object.freeze({
  retainSafePrivate: false,
  retainUids: false,
  retainDeviceIdentity: false,
  retainInstitutionIdentity: false,
  retainPatientCharacteristics: true,
  retainLongitudinalModifiedDates: true,
  cleanDescriptors: false,
  burnedInAnnotation: 'reject',
});

export type DeidOptionFlag = Exclude<keyof DeidOptions, 'burnedInAnnotation'>;

export interface CodedConcept {
  CodeValue: string;
  CodingSchemeDesignator: 'DCM';
  CodeMeaning: string;
}

/** PS3.16 CID 7050 "De-identification Method" code for the Basic Profile (always recorded). */
export const BASIC_PROFILE_CODE: CodedConcept = {
  CodeValue: '113100',
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: 'Basic Application Confidentiality Profile',
};

interface OptionSpec {
  column: OptionColumn;
  code: CodedConcept;
}

const code = (CodeValue: string, CodeMeaning: string): CodedConcept => ({
  CodeValue,
  CodingSchemeDesignator: 'DCM',
  CodeMeaning,
});

/** Each flag, the Table E.1-1 column it switches on, and its CID 7050 code (PS3.16). */
export const OPTION_SPECS: Readonly<Record<DeidOptionFlag, OptionSpec>> = {
  retainSafePrivate: { column: 'rtnSafePrivOpt', code: code('113111', 'Retain Safe Private Option') },
  retainUids: { column: 'rtnUIDsOpt', code: code('113110', 'Retain UIDs Option') },
  retainDeviceIdentity: { column: 'rtnDevIdOpt', code: code('113109', 'Retain Device Identity Option') },
  retainInstitutionIdentity: {
    column: 'rtnInstIdOpt',
    code: code('113112', 'Retain Institution Identity Option'),
  },
  retainPatientCharacteristics: {
    column: 'rtnPatCharsOpt',
    code: code('113108', 'Retain Patient Characteristics Option'),
  },
  retainLongitudinalModifiedDates: {
    column: 'rtnLongModifDatesOpt',
    code: code('113107', 'Retain Longitudinal Temporal Information Modified Dates Option'),
  },
  cleanDescriptors: { column: 'cleanDescOpt', code: code('113105', 'Clean Descriptors Option') },
};

export const OPTION_FLAGS = Object.keys(OPTION_SPECS) as DeidOptionFlag[];

export function resolveOptions(partial?: Partial<DeidOptions>): DeidOptions {
  return { ...DEFAULT_DEID_OPTIONS, ...partial };
}

/** Codes for De-identification Method Code Sequence (0012,0064), Basic Profile first. */
export function methodCodes(options: DeidOptions): CodedConcept[] {
  return [BASIC_PROFILE_CODE, ...OPTION_FLAGS.filter((f) => options[f]).map((f) => OPTION_SPECS[f].code)];
}
