import { useState } from 'react';
import { api } from '../../api/client';
import { API_SCOPES } from '../../api/types';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';

/** API tokens for machines (RFC 6750 bearer): scoped, optional expiry; the secret is shown once. */
export function TokensSection() {
  const tokens = useResource((signal) => api.get('/api/v1/tokens', { signal }), 'tokens');
  const [created, setCreated] = useState<string>();
  const [problem, setProblem] = useState<unknown>();

  async function create(form: HTMLFormElement) {
    const d = new FormData(form);
    const days = String(d.get('expires') ?? '').trim();
    const source = String(d.get('source') ?? '').trim();
    setProblem(undefined);
    setCreated(undefined);
    try {
      const r = await api.post('/api/v1/tokens', {
        body: {
          name: String(d.get('name') ?? ''),
          scopes: d.getAll('scope').map(String),
          ...(source ? { source } : {}),
          ...(days ? { expiresInDays: Number(days) } : {}),
        },
      });
      setCreated(r.token);
      form.reset();
      tokens.reload();
    } catch (err) {
      setProblem(err);
    }
  }
  async function revoke(id: string) {
    setProblem(undefined);
    try {
      await api.del('/api/v1/tokens/{id}', { path: { id } });
      tokens.reload();
    } catch (err) {
      setProblem(err);
    }
  }

  return (
    <section aria-labelledby="tok-h">
      <h2 id="tok-h">API tokens</h2>
      <form
        className="card"
        aria-label="New token"
        onSubmit={(e) => {
          e.preventDefault();
          void create(e.currentTarget);
        }}
      >
        <div className="row">
          <div className="field">
            <label htmlFor="tok-name">Token name</label>
            <input id="tok-name" name="name" required maxLength={64} />
          </div>
          <div className="field">
            <label htmlFor="tok-source">Source</label>
            <input id="tok-source" name="source" maxLength={32} aria-describedby="tok-source-hint" />
            <small id="tok-source-hint" className="muted">
              Required with dicomweb:write
            </small>
          </div>
          <div className="field">
            <label htmlFor="tok-exp">Expires in days</label>
            <input id="tok-exp" name="expires" type="number" min={1} size={6} />
          </div>
        </div>
        <fieldset className="row">
          <legend>Scopes</legend>
          {API_SCOPES.map((s) => (
            <div className="field check" key={s}>
              <input type="checkbox" id={`scope-${s}`} name="scope" value={s} />
              <label htmlFor={`scope-${s}`}>{s}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Create token</button>
      </form>
      {created && (
        <div className="notice" role="status">
          New token, shown only now — copy it into the client’s configuration:
          <pre className="result" aria-label="New token">
            {created}
          </pre>
        </div>
      )}
      <Problem error={tokens.error ?? problem} />
      <table aria-label="Tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scopes</th>
            <th scope="col">Source</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id}>
              <td>
                {t.name} <code className="muted">{t.id}</code>
              </td>
              <td>{t.scopes.join(' ')}</td>
              <td>{t.source ?? ''}</td>
              <td>{new Date(t.createdAt).toLocaleDateString()}</td>
              <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : 'never'}</td>
              <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : '—'}</td>
              <td>
                {t.revokedAt ? (
                  'revoked'
                ) : (
                  <button type="button" className="danger" onClick={() => void revoke(t.id)}>
                    Revoke {t.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
