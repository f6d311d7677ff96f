import type { HumanName, Patient } from '@medplum/fhirtypes';

/**
 * DICOM value representations (PS3.5 §6.2) to FHIR R4 primitives
 * (https://hl7.org/fhir/R4/datatypes.html). Each returns undefined for a malformed value so the
 * input validator can report it by field name without repeating the value.
 */

const DA = /^(\d{4})(\d{2})(\d{2})$/;
/** HH, HHMM, HHMMSS or HHMMSS.F{1,6}; PS3.5 Table 6.2-1 also lists the ACR-NEMA "HH:MM:SS". */
const TM = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(\.\d{1,6})?)?)?$/;
const TZ = /^([+-])(\d{2})(\d{2})$/;

/** DICOM DA (YYYYMMDD) → FHIR date (YYYY-MM-DD); rejects impossible days like 20230229. */
export function fhirDate(da: string): string | undefined {
  const m = DA.exec(da.trim());
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const valid =
    date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
  return valid && Number(y) > 0 ? `${y}-${mo}-${d}` : undefined;
}

/** DICOM TM → "hh:mm:ss[.f]"; missing minutes/seconds are zero (FHIR time needs all three). */
export function fhirTime(tm: string): string | undefined {
  const m = TM.exec(tm.trim());
  if (!m) return undefined;
  const [, h, mi = '00', s = '00', frac = ''] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  return `${h}:${mi}:${s}${frac}`;
}

/** TimezoneOffsetFromUTC "+HHMM" → "+HH:MM", within FHIR's −13:59…+14:00 (datatypes.html#dateTime). */
export function fhirTimezone(offset: string): string | undefined {
  const m = TZ.exec(offset.trim());
  if (!m) return undefined;
  const [, sign, hh, mm] = m;
  const minutes = Number(hh) * 60 + Number(mm);
  if (Number(mm) > 59 || minutes > 14 * 60 || (sign === '-' && minutes > 13 * 60 + 59)) return undefined;
  return `${sign}${hh}:${mm}`;
}

/**
 * StudyDate/StudyTime/TimezoneOffsetFromUTC → FHIR dateTime. R4 says "If hours and minutes are
 * specified, a time zone SHALL be populated", so a time without a known offset is dropped and the
 * date alone is sent rather than a guessed zone.
 */
export function fhirDateTime(da: string, tm?: string, offset?: string): string | undefined {
  const date = fhirDate(da);
  if (!date) return undefined;
  if (!tm?.trim() || !offset?.trim()) return date;
  const time = fhirTime(tm);
  const zone = fhirTimezone(offset);
  return time && zone ? `${date}T${time}${zone}` : undefined;
}

/**
 * DICOM PN → HumanName. Only the first (alphabetic) component group is used; ideographic and
 * phonetic groups after "=" have no HumanName slot. Components: Family^Given^Middle^Prefix^Suffix.
 */
export function humanName(pn: string): HumanName | undefined {
  const alphabetic = pn.split('=')[0];
  const parts = alphabetic.split('^').map((p) => p.trim());
  if (parts.length > 5) return undefined;
  const [family, given, middle, prefix, suffix] = parts;
  const name: HumanName = { use: 'official' };
  if (family) name.family = family;
  const givens = [given, middle].filter((g): g is string => !!g);
  if (givens.length) name.given = givens;
  if (prefix) name.prefix = [prefix];
  if (suffix) name.suffix = [suffix];
  return Object.keys(name).length > 1 ? name : undefined;
}

/** PatientSex (M/F/O) → AdministrativeGender; an empty value means unknown to DICOM too. */
export function administrativeGender(sex: string): Patient['gender'] | undefined {
  switch (sex.trim()) {
    case 'M':
      return 'male';
    case 'F':
      return 'female';
    case 'O':
      return 'other';
    case '':
      return 'unknown';
    default:
      return undefined;
  }
}

/** An ISO OID (IssuerOfPatientID is often one, PS3.3 §C.7.1.1) as a FHIR system. */
export function oidSystem(value: string): string | undefined {
  return /^[0-2](\.(0|[1-9]\d*))+$/.test(value) ? `urn:oid:${value}` : undefined;
}

/** Absolute URI with a scheme (RFC 3986 §3.1) and no whitespace, as FHIR Identifier.system needs. */
export function isAbsoluteUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}
