import type { DeidOption } from '../../api/settings-types';
import { CheckField } from '../settings/Fields';
import { SettingsFrame } from '../settings/SettingsFrame';
import { useSettingsEditor } from '../settings/use-settings-editor';

/** PS3.15 Annex E Table E.1-1 options and their CID 7050 codes (the same as libs/deid/src/options.ts). */
const OPTIONS: { key: DeidOption; name: string; code: string; means: string }[] = [
  {
    key: 'retainSafePrivate',
    name: 'Retain Safe Private Option',
    code: '113111',
    means:
      'Keeps private attributes known to carry no identity (the safe-private list); drops every other private one.',
  },
  {
    key: 'retainUids',
    name: 'Retain UIDs Option',
    code: '113110',
    means: 'Keeps the original Study, Series and SOP Instance UIDs instead of replacing them with new ones.',
  },
  {
    key: 'retainDeviceIdentity',
    name: 'Retain Device Identity Option',
    code: '113109',
    means: 'Keeps device serial numbers, station names and similar equipment identifiers.',
  },
  {
    key: 'retainInstitutionIdentity',
    name: 'Retain Institution Identity Option',
    code: '113112',
    means: 'Keeps the institution name, address and department.',
  },
  {
    key: 'retainPatientCharacteristics',
    name: 'Retain Patient Characteristics Option',
    code: '113108',
    means: 'Keeps sex, age, size, weight and similar traits that models may need.',
  },
  {
    key: 'retainLongitudinalModifiedDates',
    name: 'Retain Longitudinal Temporal Information with Modified Dates Option',
    code: '113107',
    means: 'Shifts dates and times by a per-patient offset, so intervals between studies are preserved.',
  },
  {
    key: 'cleanDescriptors',
    name: 'Clean Descriptors Option',
    code: '113105',
    means:
      'Removes free-text descriptions (e.g. Series Description) that may name the patient, instead of keeping them.',
  },
];

/** The de-identification profile applied at ingest: the Basic Profile (113100) plus these options. */
export default function DeidPage() {
  const editor = useSettingsEditor();
  const { draft, update, errors } = editor;
  const readOnly = !!editor.readOnly;
  return (
    <section aria-labelledby="deid-h">
      <h1 id="deid-h">De-identification</h1>
      <p>
        Every instance is de-identified with the Basic Application Level Confidentiality Profile (113100, DICOM PS3.15
        Annex E) before it is stored. The options below relax or tighten it; a change applies to instances received
        afterwards.
      </p>
      <SettingsFrame editor={editor}>
        {draft && (
          <>
            <fieldset className="card">
              <legend>Profile options</legend>
              {OPTIONS.map((o) => (
                <CheckField
                  key={o.key}
                  path={`deid.options.${o.key}`}
                  label={`${o.name} (${o.code})`}
                  hint={o.means}
                  errors={errors}
                  readOnly={readOnly}
                  checked={!!draft.deid.options[o.key]}
                  onChange={(v) =>
                    update((s) => ({ ...s, deid: { ...s.deid, options: { ...s.deid.options, [o.key]: v } } }))
                  }
                />
              ))}
            </fieldset>
            <fieldset className="card">
              <legend>Burned-in annotation</legend>
              <p className="muted">
                Images whose header says pixel data may carry burned-in text (Burned In Annotation = YES).
              </p>
              {(
                [
                  ['reject', 'Reject them (the sender gets a failure status)'],
                  ['accept-flagged', 'Accept them, flagged for review'],
                ] as const
              ).map(([value, label]) => (
                <div className="field check" key={value}>
                  <input
                    type="radio"
                    id={`bia-${value}`}
                    name="burned-in"
                    checked={draft.deid.burnedInAnnotation === value}
                    disabled={readOnly}
                    onChange={() => update((s) => ({ ...s, deid: { ...s.deid, burnedInAnnotation: value } }))}
                  />
                  <label htmlFor={`bia-${value}`}>{label}</label>
                </div>
              ))}
            </fieldset>
          </>
        )}
      </SettingsFrame>
    </section>
  );
}
