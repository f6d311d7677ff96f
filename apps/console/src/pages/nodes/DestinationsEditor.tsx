import type { Destination, DestinationType } from '../../api/settings-types';
import { CheckField, opt, TextField } from '../settings/Fields';
import { DestinationTest } from './DestinationTest';

interface Props {
  destinations: Destination[];
  saved: Destination[];
  errors: Map<string, string[]>;
  readOnly: boolean;
  onChange(destinations: Destination[]): void;
}

const TYPES: DestinationType[] = ['dimse', 'dicomweb', 'fhir'];

/** Where results go; encrypted unless `allowPlaintext` (results carry PHI once re-identified). */
export function DestinationsEditor({ destinations, saved, errors, readOnly, onChange }: Props) {
  const set = (i: number, d: Destination) => onChange(destinations.map((x, j) => (j === i ? d : x)));
  return (
    <section aria-labelledby="dest-h">
      <h2 id="dest-h">Destinations</h2>
      {destinations.map((d, i) => {
        const at = `destinations.${i}`;
        const common = { errors, readOnly };
        const same = JSON.stringify(saved.find((s) => s.name === d.name)) === JSON.stringify(d);
        return (
          <fieldset key={i} className="card">
            <legend>
              Destination {i + 1}: {d.name || '(unnamed)'}
            </legend>
            <div className="row">
              <TextField
                {...common}
                path={`${at}.name`}
                label="Destination name"
                value={d.name}
                onChange={(v) => set(i, { ...d, name: v })}
              />
              <div className="field">
                <label htmlFor={`dest-type-${i}`}>Type</label>
                <select
                  id={`dest-type-${i}`}
                  value={d.type}
                  disabled={readOnly}
                  onChange={(e) =>
                    set(i, { name: d.name, type: e.target.value as DestinationType, allowPlaintext: d.allowPlaintext })
                  }
                >
                  {TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </div>
              {d.type === 'dimse' ? (
                <>
                  <TextField
                    {...common}
                    path={`${at}.aeTitle`}
                    label="Called AE title"
                    size={16}
                    value={d.aeTitle}
                    onChange={(v) => set(i, { ...d, aeTitle: v })}
                  />
                  <TextField
                    {...common}
                    path={`${at}.host`}
                    label="Host"
                    value={d.host}
                    onChange={(v) => set(i, { ...d, host: v })}
                  />
                  <TextField
                    {...common}
                    path={`${at}.port`}
                    label="Port"
                    type="number"
                    size={6}
                    value={d.port}
                    onChange={(v) => set(i, { ...d, port: v === '' ? undefined : Number(v) })}
                  />
                  <CheckField
                    {...common}
                    path={`${at}.tls`}
                    label="DICOM TLS"
                    checked={!!d.tls}
                    onChange={(v) => set(i, { ...d, tls: v })}
                  />
                </>
              ) : (
                <TextField
                  {...common}
                  path={`${at}.url`}
                  label="URL"
                  type="url"
                  size={40}
                  value={d.url}
                  onChange={(v) => set(i, { ...d, url: opt(v) })}
                />
              )}
              <CheckField
                {...common}
                path={`${at}.allowPlaintext`}
                label="Allow unencrypted"
                hint="Only on the same host or an isolated network"
                checked={!!d.allowPlaintext}
                onChange={(v) => set(i, { ...d, allowPlaintext: v || undefined })}
              />
            </div>
            <div className="row">
              <DestinationTest name={d.name} unsaved={!same} />
              {!readOnly && (
                <button
                  type="button"
                  className="danger"
                  onClick={() => onChange(destinations.filter((_, j) => j !== i))}
                >
                  Remove destination
                </button>
              )}
            </div>
          </fieldset>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          className="secondary"
          onClick={() => onChange([...destinations, { name: '', type: 'dimse', tls: false }])}
        >
          Add destination
        </button>
      )}
    </section>
  );
}
