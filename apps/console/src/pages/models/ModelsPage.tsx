import { useState } from 'react';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';
import { allows } from '../../session/access';
import { useLiveEvent } from '../../session/live-events';
import { useMe } from '../../session/session';
import { formatMs } from '../series/StageTimeline';

const describe = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** The model registry: input criteria, labels, enablement and the last run's timings per engine. */
export default function ModelsPage() {
  const admin = allows(useMe().roles, 'settingsWrite');
  const models = useResource((signal) => api.get('/api/v1/models', { signal }), 'models');
  useLiveEvent('settings', () => models.reload());
  const [problem, setProblem] = useState<unknown>();

  // The route's {name} is the registry id (ModelRegistry.has), not the display name.
  async function setEnabled(id: string, enabled: boolean) {
    setProblem(undefined);
    try {
      await api.put('/api/v1/models/{name}/enabled', { path: { name: id }, body: { enabled } });
      models.reload();
    } catch (err) {
      setProblem(err);
    }
  }

  return (
    <section aria-labelledby="models-h">
      <h1 id="models-h">Models</h1>
      <Problem error={models.error ?? problem} />
      {models.data?.map((m) => (
        <article key={m.id} className="card" aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>
            {m.name} <span className="muted">{m.version}</span>{' '}
            <span className={m.enabled ? 'ok' : 'bad'}>{m.enabled ? 'enabled' : 'disabled'}</span>
          </h2>
          {m.description && <p>{m.description}</p>}
          {admin && (
            <button type="button" className="secondary" onClick={() => void setEnabled(m.id, !m.enabled)}>
              {m.enabled ? `Disable ${m.name}` : `Enable ${m.name}`}
            </button>
          )}
          <h3>Input criteria</h3>
          <dl className="row">
            {Object.entries(m.input).map(([k, v]) => (
              <div key={k}>
                <dt className="muted">{k}</dt>
                <dd>{describe(v)}</dd>
              </div>
            ))}
          </dl>
          <h3>Labels</h3>
          <p>{m.labels.map((l) => `${l.value} ${l.name}`).join(', ') || '—'}</p>
          <h3>Last run per engine</h3>
          {m.lastRuns.length ? (
            <table aria-label={`Last run timings of ${m.name}`}>
              <thead>
                <tr>
                  <th scope="col">Engine</th>
                  <th scope="col">Timings</th>
                </tr>
              </thead>
              <tbody>
                {m.lastRuns.map((run) => (
                  <tr key={run.engine}>
                    <td>{run.engine}</td>
                    <td>
                      {Object.entries(run.timings)
                        .map(([k, v]) => `${k} ${formatMs(v)}`)
                        .join(' · ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Not run yet.</p>
          )}
        </article>
      ))}
      {models.data?.length === 0 && <p>No models are registered.</p>}
    </section>
  );
}
