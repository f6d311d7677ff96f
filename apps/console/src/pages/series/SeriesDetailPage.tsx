import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';
import { allows } from '../../session/access';
import { useLiveEvent } from '../../session/live-events';
import { useMe } from '../../session/session';
import { StageTimeline } from './StageTimeline';
import { useViewerTemplate } from './use-viewer-template';
import { ViewerLink } from './ViewerLink';
import { VolumeChart } from './VolumeChart';

const RETRYABLE = new Set(['failed', 'segmented', 'delivered']);

/** One series: where it is in the pipeline and why; Retry and Replay for operators. */
export default function SeriesDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const operator = allows(me.roles, 'pipelineOperate');
  const s = useResource((signal) => api.get('/api/v1/series/{id}', { path: { id }, signal }), id);
  useLiveEvent('series', (e) => e.id === id && s.reload());
  const template = useViewerTemplate(allows(me.roles, 'settingsRead'));
  const [action, setAction] = useState<{ problem?: unknown; done?: string }>({});

  async function act(label: string, work: () => Promise<unknown>) {
    setAction({});
    try {
      await work();
      setAction({ done: label });
      s.reload();
    } catch (problem) {
      setAction({ problem });
    }
  }

  const d = s.data;
  return (
    <section aria-labelledby="sd-h">
      <p>
        <Link to="/series">← All series</Link>
      </p>
      <h1 id="sd-h">Series {id.slice(0, 8)}</h1>
      <Problem error={s.error} />
      {d && (
        <>
          <div className="card">
            <p>
              <span className={`state state-${d.state}`}>{d.state}</span> · {d.modality} · {d.seriesDescription ?? '—'}{' '}
              · model {d.model?.id ?? '—'} {d.model?.version ?? ''} · generation {d.generation} · {d.progress}%
              {d.errorCode && <span className="bad"> · {d.errorCode}</span>}
            </p>
            <p className="muted">
              Study UID (pseudonymized) <code>{d.studyInstanceUid}</code> · Series UID (pseudonymized){' '}
              <code>{d.seriesInstanceUid}</code>
            </p>
            <div className="row">
              {operator && (
                <button
                  type="button"
                  disabled={!RETRYABLE.has(d.state)}
                  onClick={() =>
                    void act('Retry queued', () => api.post('/api/v1/series/{id}/retry', { path: { id } }))
                  }
                >
                  Retry
                </button>
              )}
              <ViewerLink
                className="button secondary"
                template={template}
                study={d.studyInstanceUid}
                series={d.seriesInstanceUid}
              />
            </div>
            {action.done && <p role="status">{action.done}.</p>}
            <Problem error={action.problem} />
          </div>
          <h2>Timeline</h2>
          <StageTimeline stages={d.timings.stagesMs} />
          <h2>Volumes</h2>
          {d.volumes.length ? (
            <div className="row">
              <table aria-label="Volumes">
                <thead>
                  <tr>
                    <th scope="col">Label</th>
                    <th scope="col">Name</th>
                    <th className="num" scope="col">
                      Voxels
                    </th>
                    <th className="num" scope="col">
                      Volume (mL)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.volumes.map((v) => (
                    <tr key={v.label}>
                      <td>{v.label}</td>
                      <td>{v.name}</td>
                      <td className="num">{v.voxels.toLocaleString()}</td>
                      <td className="num">{v.volumeMl.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <VolumeChart volumes={d.volumes} />
            </div>
          ) : (
            <p className="muted">No volumes yet.</p>
          )}
          <h2>Deliveries</h2>
          <table aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Destination</th>
                <th scope="col">State</th>
                <th className="num" scope="col">
                  Attempts
                </th>
                <th scope="col">Error</th>
                <th scope="col">Delivered</th>
                {operator && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {d.deliveries.map((x) => (
                <tr key={x.destination}>
                  <td>{x.destination}</td>
                  <td>{x.state}</td>
                  <td className="num">{x.attempts}</td>
                  <td>{x.errorCode ?? ''}</td>
                  <td>{x.deliveredAt ? new Date(x.deliveredAt).toLocaleString() : ''}</td>
                  {operator && (
                    <td>
                      <button
                        type="button"
                        disabled={x.state !== 'dead-letter'}
                        aria-label={`Replay to ${x.destination}`}
                        onClick={() =>
                          void act(`Replay to ${x.destination} queued`, () =>
                            api.post('/api/v1/series/{id}/deliveries/{destination}/replay', {
                              path: { id, destination: x.destination },
                            }),
                          )
                        }
                      >
                        Replay
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
