import type { SettingsDiffEntry } from '../../api/settings-types';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** One version's changes against the version before it, path by path. */
export function DiffView({ diff }: { diff: SettingsDiffEntry[] }) {
  if (!diff.length) return <p className="muted">No changes against the previous version.</p>;
  return (
    <table aria-label="Changes">
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((d) => (
          <tr key={d.path}>
            <td>
              <code>{d.path}</code>
            </td>
            <td className="diff-before">
              <code>{show(d.before)}</code>
            </td>
            <td className="diff-after">
              <code>{show(d.after)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
