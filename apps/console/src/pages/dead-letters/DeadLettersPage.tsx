import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { FailedJob } from '../../api/types';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';
import { replayJobs, type ReplayReport } from './replay';

const KINDS = [
  { name: 'deliver-result', label: 'Deliveries' },
  { name: 'segment-series', label: 'Segmentations' },
] as const;

/** Jobs that failed after their last retry, with the coded reason; replay one or many. */
export default function DeadLettersPage() {
  const [kind, setKind] = useState<(typeof KINDS)[number]['name']>('deliver-result');
  const jobs = useResource((signal) => api.get('/api/v1/jobs/failed', { query: { name: kind }, signal }), kind);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ReplayReport>();
  const [problem, setProblem] = useState<unknown>();
  const list = jobs.data ?? [];
  const allSelected = list.length > 0 && list.every((j) => selected.has(j.id));

  async function replay(targets: FailedJob[]) {
    setBusy(true);
    setProblem(undefined);
    setOutcome(undefined);
    try {
      const out = await replayJobs(targets);
      setOutcome(out);
      setSelected(new Set());
      jobs.reload();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  }
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <section aria-labelledby="dl-h">
      <h1 id="dl-h">Dead letters</h1>
      <div className="row">
        <div className="field">
          <label htmlFor="dl-kind">Job</label>
          <select
            id="dl-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as typeof kind);
              setSelected(new Set());
            }}
          >
            {KINDS.map((k) => (
              <option key={k.name} value={k.name}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          disabled={busy || selected.size === 0}
          onClick={() => void replay(list.filter((j) => selected.has(j.id)))}
        >
          Replay selected ({selected.size})
        </button>
      </div>
      <Problem error={jobs.error ?? problem} />
      {outcome && (
        <div role="status" className="card">
          Replayed {outcome.replayed.length}
          {outcome.notReplayed.length > 0 && `; ${outcome.notReplayed.length} could not be replayed`}
          <ul aria-label="Replay outcomes">
            {outcome.replayed.map((id) => (
              <li key={id}>
                <code>{id}</code> replayed
              </li>
            ))}
            {outcome.notReplayed.map((f) => (
              <li key={f.id}>
                <code>{f.id}</code> not replayed{f.reason && `: ${f.reason}`}
                <Problem error={f.problem} />
              </li>
            ))}
          </ul>
        </div>
      )}
      <table aria-label="Failed jobs">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all"
                checked={allSelected}
                onChange={() => setSelected(allSelected ? new Set() : new Set(list.map((j) => j.id)))}
              />
            </th>
            <th scope="col">Series</th>
            <th scope="col">Destination</th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              Attempts
            </th>
            <th scope="col">Reason</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {list.map((j) => (
            <tr key={j.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${j.id}`}
                  checked={selected.has(j.id)}
                  onChange={() => toggle(j.id)}
                />
              </td>
              <td>{j.seriesId ? <Link to={`/series/${j.seriesId}`}>{j.seriesId.slice(0, 8)}</Link> : '—'}</td>
              <td>{j.destination ?? '—'}</td>
              <td>{j.modelId ?? '—'}</td>
              <td className="num">{j.attemptsMade}</td>
              <td>{j.failedReason}</td>
              <td>
                <button type="button" disabled={busy} aria-label={`Replay ${j.id}`} onClick={() => void replay([j])}>
                  Replay
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!jobs.loading && list.length === 0 && <p>No dead letters.</p>}
    </section>
  );
}
