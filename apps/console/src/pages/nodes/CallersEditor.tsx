import type { AllowedCaller } from '../../api/settings-types';
import { CheckField, opt, TextField } from '../settings/Fields';

interface Props {
  callers: AllowedCaller[];
  errors: Map<string, string[]>;
  readOnly: boolean;
  onChange(callers: AllowedCaller[]): void;
}

/** dimse.allowedCallers: who may open an association (C-STORE), and who may also query (C-FIND/MOVE/GET). */
export function CallersEditor({ callers, errors, readOnly, onChange }: Props) {
  const set = (i: number, c: AllowedCaller) => onChange(callers.map((x, j) => (j === i ? c : x)));
  return (
    <section aria-labelledby="callers-h">
      <h2 id="callers-h">Allowed callers</h2>
      <p className="muted">An association from any other calling AE title is rejected (PS3.8 §7.1.1.3, reason 3).</p>
      {callers.map((c, i) => {
        const at = `dimse.allowedCallers.${i}`;
        const common = { errors, readOnly };
        return (
          <fieldset key={i} className="card row">
            <legend>Caller {i + 1}</legend>
            <TextField
              {...common}
              path={`${at}.aeTitle`}
              label="AE title"
              value={c.aeTitle}
              size={16}
              onChange={(v) => set(i, { ...c, aeTitle: v })}
            />
            <TextField
              {...common}
              path={`${at}.host`}
              label="Host"
              hint="Optional: only from this address"
              value={c.host}
              onChange={(v) => set(i, { ...c, host: opt(v) })}
            />
            <TextField
              {...common}
              path={`${at}.certSubject`}
              label="Certificate subject"
              hint="Optional: TLS client certificate CN"
              value={c.certSubject}
              onChange={(v) => set(i, { ...c, certSubject: opt(v) })}
            />
            <CheckField
              {...common}
              path={`${at}.query`}
              label="May query and retrieve"
              checked={c.query}
              onChange={(v) => set(i, { ...c, query: v })}
            />
            {!readOnly && (
              <button type="button" className="danger" onClick={() => onChange(callers.filter((_, j) => j !== i))}>
                Remove caller
              </button>
            )}
          </fieldset>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          className="secondary"
          onClick={() => onChange([...callers, { aeTitle: '', query: false }])}
        >
          Add caller
        </button>
      )}
    </section>
  );
}
