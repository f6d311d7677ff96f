/**
 * De-identified attributes of one level (study or series) that have no column, by DICOM keyword:
 * a string value (multiple values joined with '\', PS3.5 §6.4; PN as its alphabetic group) or, for
 * a sequence, its items as flat keyword → value maps. Built only from the de-identified dataset.
 */
export type LevelAttributes = Record<string, string | Record<string, string>[]>;
