import { useState } from 'react';
import { api } from '../../api/client';
import { SERIES_STATES, type LiveStats } from '../../api/types';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';
import { useLiveEvent } from '../../session/live-events';

/**
 * Pipeline at a glance. The `stats` event (every console.statsIntervalSeconds) carries everything;
 * until the first one arrives, series counts come from the list's exact total per state.
 */
export default function DashboardPage() {
  const [stats, setStats] = useState<LiveStats>();
  const [lastSeries, setLastSeries] = useState<string>();
  const connected = useLiveEvent('stats', setStats);
  useLiveEvent('series', (e) => setLastSeries(`${e.id.slice(0, 8)} → ${e.state}`));
  const initial = useResource(
    (signal) => api.get('/api/v1/series', { query: { limit: 1, count: true, state: 'failed' }, signal }),
    'dash',
  );
  const by = stats?.seriesByState ?? {};
  return (
    <section aria-labelledby="dash-h">
      <h1 id="dash-h">Dashboard</h1>
      <p role="status" className="muted">
        {connected ? 'Live: updates as the pipeline moves.' : 'Connecting to the live feed…'}
        {stats && ` Last update ${new Date(stats.at).toLocaleTimeString()}.`}
        {lastSeries && ` Latest transition: ${lastSeries}.`}
      </p>
      <Problem error={initial.error} />
      <dl className="tiles" aria-label="Pipeline figures">
        <Tile label="Instances per minute" value={stats?.instancesLastMinute} />
        <Tile label="Queue depth" value={stats?.queueDepth} />
        <Tile label="Failures" value={stats?.failures ?? initial.data?.total ?? undefined} />
        <Tile label="Dead letters" value={stats?.deadLetters} />
      </dl>
      <h2>Series by state</h2>
      <table>
        <caption className="muted">Counts over every series the gateway holds</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Series
            </th>
          </tr>
        </thead>
        <tbody>
          {SERIES_STATES.map((s) => (
            <tr key={s}>
              <th scope="row">
                <span className={`state state-${s}`}>{s}</span>
              </th>
              <td className="num">{stats ? (by[s] ?? 0) : '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Tile({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div className="tile">
      <dt>{label}</dt>
      <dd>{value ?? '…'}</dd>
    </div>
  );
}
