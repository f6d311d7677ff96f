import { useState } from 'react';
import { NewerOlder, useBeforeCursor } from '../../components/NewerOlder';
import { api } from '../../api/client';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';
import { allows } from '../../session/access';
import { useLiveEvent } from '../../session/live-events';
import { useMe } from '../../session/session';
import { DiffView } from './DiffView';

/** Every saved settings version, its diff, and restore (which saves a new version). */
export default function HistoryPage() {
  const admin = allows(useMe().roles, 'settingsWrite');
  const pages = useBeforeCursor();
  const cursor = pages.cursor;
  const list = useResource(
    (signal) => api.get('/api/v1/settings/versions', { query: { limit: 20, before: cursor }, signal }),
    cursor ?? '',
  );
  useLiveEvent('settings', () => list.reload());
  const [selected, setSelected] = useState<number>();
  const version = useResource(
    (signal) =>
      selected === undefined
        ? Promise.resolve(undefined)
        : api.get('/api/v1/settings/versions/{version}', { path: { version: selected }, signal }),
    String(selected),
  );
  const [problem, setProblem] = useState<unknown>();
  const [restored, setRestored] = useState<string>();

  async function restore(v: number) {
    setProblem(undefined);
    setRestored(undefined);
    try {
      const current = await api.get('/api/v1/settings');
      if (current.readOnly || current.source === 'file') {
        setRestored('These settings come from the configuration file (GitOps): restore it in its repository.');
        return;
      }
      const r = await api.post('/api/v1/settings/versions/{version}/restore', {
        path: { version: v },
        body: { baseVersion: current.version },
      });
      setRestored(`Version ${v} restored as version ${r.version}.`);
      list.reload();
    } catch (err) {
      setProblem(err);
    }
  }

  return (
    <section aria-labelledby="hist-h">
      <h1 id="hist-h">Settings history</h1>
      <Problem error={list.error ?? problem} />
      {restored && (
        <p role="status" className="notice">
          {restored}
        </p>
      )}
      <table aria-label="Settings versions">
        <thead>
          <tr>
            <th scope="col" className="num">
              Version
            </th>
            <th scope="col">Author</th>
            <th scope="col">Saved</th>
            <th scope="col">Comment</th>
            <th scope="col">Changes</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((v, i) => (
            <tr key={v.version} aria-selected={selected === v.version}>
              <td className="num">{v.version}</td>
              <td>{v.author}</td>
              <td>{new Date(v.createdAt).toLocaleString()}</td>
              <td>{v.comment ?? ''}</td>
              <td>{v.changes}</td>
              <td className="row">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setSelected(v.version)}
                  aria-label={`Show changes of version ${v.version}`}
                >
                  Changes
                </button>
                {admin && !(i === 0 && !cursor) && (
                  <button
                    type="button"
                    onClick={() => void restore(v.version)}
                    aria-label={`Restore version ${v.version}`}
                  >
                    Restore
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewerOlder onNewer={pages.newer} next={list.data?.next} onOlder={pages.older} />
      {selected !== undefined && (
        <section aria-labelledby="diff-h" className="card">
          <h2 id="diff-h">Version {selected}</h2>
          {/* Another version's details must not pass for this one's while it loads. */}
          {!version.current && (
            <p role="status" className="muted">
              Loading version {selected}…
            </p>
          )}
          <Problem error={version.current && version.error} />
          {version.current && version.data && (
            <>
              <p className="muted">
                By {version.data.author}, {new Date(version.data.createdAt).toLocaleString()}
                {version.data.comment && ` — “${version.data.comment}”`}
              </p>
              <DiffView diff={version.data.diff} />
            </>
          )}
        </section>
      )}
    </section>
  );
}
