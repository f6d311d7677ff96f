import { isValidUid } from '@delineo/dicom';
import { BODY_SITE_CATEGORIES, CODING_SCHEMES, SYSTEMS } from './codes';
import { administrativeGender, fhirDate, fhirTime, fhirTimezone, isAbsoluteUri } from './dicom-values.mapper';
import { FhirError } from './errors';
import type { SegmentationReportInput, SegmentVolume } from './report-input';

/** FHIR integer is 32-bit signed (https://hl7.org/fhir/R4/datatypes.html#integer). */
const FHIR_INTEGER_MAX = 2_147_483_647;

/**
 * Checks the whole input and throws one FhirError('fhir/invalid-input') listing every problem.
 * Problems name the field and what is wrong with it, never the value: values here are PHI.
 * Code-system and category problems come after, with their own codes, because they mean a
 * model package to fix rather than a caller bug.
 */
export function validateReportInput(input: SegmentationReportInput): void {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => ok || problems.push(problem);
  const text = (v: unknown) => typeof v === 'string' && v.trim().length > 0 && !/[\r\n]/.test(v);
  const optional = (v: unknown, ok: (s: string) => boolean) => v === undefined || (typeof v === 'string' && ok(v));
  // Type 2 attributes (PS3.5 §7.4) may be present but empty: empty means "not known".
  const emptyOr = (ok: (s: string) => boolean) => (s: string) => s.trim() === '' || ok(s);

  const { patient, study, seg } = input;
  need(text(patient?.id), 'patient.id: required, one line of text');
  need(optional(patient?.issuer, text), 'patient.issuer: must be one line of text');
  need(optional(patient?.identifierSystem, isAbsoluteUri), 'patient.identifierSystem: must be an absolute URI');
  need(
    optional(patient?.name, (s) => s.split('=')[0].split('^').length <= 5),
    'patient.name: not a DICOM PN (at most 5 components)',
  );
  need(
    optional(
      patient?.birthDate,
      emptyOr((s) => !!fhirDate(s)),
    ),
    'patient.birthDate: not a DICOM DA (YYYYMMDD)',
  );
  need(
    optional(patient?.sex, (s) => !!administrativeGender(s)),
    'patient.sex: must be M, F, O or empty',
  );

  need(isValidUid(study?.studyInstanceUid ?? ''), 'study.studyInstanceUid: not a valid UID');
  need(optional(study?.accessionNumber, emptyOr(text)), 'study.accessionNumber: must be one line of text');
  need(
    optional(
      study?.studyDate,
      emptyOr((s) => !!fhirDate(s)),
    ),
    'study.studyDate: not a DICOM DA (YYYYMMDD)',
  );
  need(
    optional(
      study?.studyTime,
      emptyOr((s) => !!fhirTime(s)),
    ),
    'study.studyTime: not a DICOM TM',
  );
  need(
    optional(
      study?.timezoneOffset,
      emptyOr((s) => !!fhirTimezone(s)),
    ),
    'study.timezoneOffset: not ±HHMM within −13:59…+14:00',
  );
  need(!study?.studyTime?.trim() || !!study.studyDate?.trim(), 'study.studyTime: given without study.studyDate');

  const series = Array.isArray(input.sourceSeries) ? input.sourceSeries : [];
  need(series.length > 0, 'sourceSeries: at least one series is required');
  series.forEach((s, i) => {
    need(isValidUid(s?.seriesInstanceUid ?? ''), `sourceSeries[${i}].seriesInstanceUid: not a valid UID`);
    need(
      /^[A-Z0-9_ ]{1,16}$/.test(s?.modality ?? '') && s.modality.trim() !== '',
      `sourceSeries[${i}].modality: not a DICOM CS`,
    );
    need(isCount(s?.instanceCount, 1), `sourceSeries[${i}].instanceCount: must be an integer ≥ 1`);
    need(
      s?.seriesNumber === undefined || isCount(s.seriesNumber, 0),
      `sourceSeries[${i}].seriesNumber: must be an integer ≥ 0`,
    );
  });
  need(isValidUid(seg?.seriesInstanceUid ?? ''), 'seg.seriesInstanceUid: not a valid UID');
  need(isValidUid(seg?.sopInstanceUid ?? ''), 'seg.sopInstanceUid: not a valid UID');
  need(seg?.seriesNumber === undefined || isCount(seg.seriesNumber, 0), 'seg.seriesNumber: must be an integer ≥ 0');
  for (const k of ['id', 'name', 'version'] as const)
    need(text(input.model?.[k]), `model.${k}: required, one line of text`);
  for (const k of ['name', 'version'] as const)
    need(text(input.device?.[k]), `device.${k}: required, one line of text`);
  need(isDate(input.issued) && Number.isFinite(input.issued.getTime()), 'issued: must be a valid Date');

  const segments = Array.isArray(input.segments) ? input.segments : [];
  need(segments.length > 0, 'segments: at least one segment is required');
  const seen = new Set<number>();
  segments.forEach((s, i) => {
    need(isCount(s?.number, 1) && s.number <= 65535, `segments[${i}].number: must be an integer 1…65535`);
    need(!seen.has(s?.number), `segments[${i}].number: duplicates another segment`);
    seen.add(s?.number);
    need(
      typeof s?.volumeMl === 'number' && Number.isFinite(s.volumeMl) && s.volumeMl >= 0,
      `segments[${i}].volumeMl: must be a finite number ≥ 0`,
    );
    need(
      isCount(s?.voxelCount, 0) && s.voxelCount <= FHIR_INTEGER_MAX,
      `segments[${i}].voxelCount: must be an integer 0…2147483647`,
    );
    need(text(s?.label?.name), `segments[${i}].label.name: required, one line of text`);
    for (const k of ['category', 'type'] as const)
      need(isCode(s?.label?.[k]), `segments[${i}].label.${k}: not a code triplet`);
    need(
      s?.label?.modifier === undefined || isCode(s.label.modifier),
      `segments[${i}].label.modifier: not a code triplet`,
    );
  });
  if (problems.length)
    throw new FhirError('fhir/invalid-input', `invalid report input: ${problems.join('; ')}`, problems);
  checkSegmentCodes(segments);
}

function checkSegmentCodes(segments: readonly SegmentVolume[]): void {
  segments.forEach((s, i) => {
    for (const k of ['category', 'type', 'modifier'] as const) {
      const c = s.label[k];
      if (c && !CODING_SCHEMES[c.CodingSchemeDesignator]) {
        throw new FhirError(
          'fhir/unsupported-coding-scheme',
          `segments[${i}].label.${k}: coding scheme ${c.CodingSchemeDesignator} has no FHIR system`,
        );
      }
    }
    const { CodeValue, CodingSchemeDesignator } = s.label.category;
    const site = BODY_SITE_CATEGORIES.some(
      (b) => b.code === CodeValue && b.system === SYSTEMS.snomed && CodingSchemeDesignator === 'SCT',
    );
    if (!site)
      throw new FhirError(
        'fhir/unsupported-segment-category',
        `segments[${i}].label.category: ${CodeValue} is not an anatomical category`,
      );
  });
}

/** Not instanceof: a Date from another realm (vm context, worker message) is still a Date. */
function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

function isCount(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

function isCode(c: unknown): boolean {
  const o = c as Record<string, unknown> | undefined;
  return (
    !!o &&
    ['CodeValue', 'CodingSchemeDesignator', 'CodeMeaning'].every(
      (k) => typeof o[k] === 'string' && (o[k] as string).trim() !== '',
    )
  );
}
