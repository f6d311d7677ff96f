import type { InputHTMLAttributes } from 'react';
import { fieldId } from './settings-paths';

interface Common {
  path: string;
  label: string;
  errors: Map<string, string[]>;
  readOnly?: boolean;
  hint?: string;
}

function Messages({ id, messages, hint }: { id: string; messages?: string[]; hint?: string }) {
  return (
    <>
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {messages?.map((m) => (
        <p key={m} id={`${id}-err`} className="field-error">
          {m}
        </p>
      ))}
    </>
  );
}

const describedBy = (id: string, bad: boolean, hint?: string) =>
  [bad ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

/** A settings text or number input with its label and, after a 400, the API's message for its path. */
export function TextField(
  p: Common & {
    value: string | number | undefined;
    onChange(v: string): void;
    type?: 'text' | 'number' | 'url';
  } & Pick<InputHTMLAttributes<HTMLInputElement>, 'size' | 'placeholder' | 'required'>,
) {
  const id = fieldId(p.path);
  const messages = p.errors.get(p.path);
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        size={p.size}
        placeholder={p.placeholder}
        required={p.required}
        readOnly={p.readOnly}
        aria-invalid={!!messages}
        aria-describedby={describedBy(id, !!messages, p.hint)}
        onChange={(e) => p.onChange(e.target.value)}
      />
      <Messages id={id} messages={messages} hint={p.hint} />
    </div>
  );
}

export function CheckField(p: Common & { checked: boolean; onChange(v: boolean): void }) {
  const id = fieldId(p.path);
  const messages = p.errors.get(p.path);
  return (
    <div className="field check">
      <input
        id={id}
        type="checkbox"
        checked={p.checked}
        disabled={p.readOnly}
        aria-invalid={!!messages}
        aria-describedby={describedBy(id, !!messages, p.hint)}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{p.label}</label>
      <Messages id={id} messages={messages} hint={p.hint} />
    </div>
  );
}

/** Optional strings are left out of the document when emptied (the schema refuses ""). */
export const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v);
