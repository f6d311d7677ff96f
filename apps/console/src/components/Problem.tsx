import { ApiProblem } from '../api/client';

/** The API's own words for what went wrong (RFC 9457 title, detail and every finding). */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const p =
    error instanceof ApiProblem
      ? error
      : new ApiProblem(0, 'Unexpected failure', 'console/unexpected', (error as Error)?.message);
  return (
    <div role="alert" className="problem">
      <strong>{p.title}</strong>
      {p.detail && <span> — {p.detail}</span>}
      {p.problems.length > 0 && (
        <ul>
          {p.problems.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      {p.errors.length > 0 && (
        <ul>
          {p.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      <small className="muted"> ({p.code})</small>
    </div>
  );
}
