import { useState } from 'react';
import { api } from '../../api/client';
import { ROLES, type Role, type UserView } from '../../api/types';
import { Problem } from '../../components/Problem';
import { useResource } from '../../components/use-resource';

/** People and their roles; SSO users get theirs from IdP groups at each sign-in (auth.roleMapping). */
export function UsersSection() {
  const users = useResource(async (signal) => (await api.get('/api/v1/users', { signal })).items, 'users');
  const [problem, setProblem] = useState<unknown>();
  const [created, setCreated] = useState<string>();

  async function patch(id: string, body: { roles?: Role[]; disabled?: boolean }) {
    setProblem(undefined);
    try {
      await api.patch('/api/v1/users/{id}', { path: { id }, body });
      users.reload();
    } catch (err) {
      setProblem(err);
    }
  }
  async function resetPassword(u: UserView) {
    setProblem(undefined);
    setCreated(undefined);
    try {
      const r = await api.post('/api/v1/users/{id}/reset-password', {
        path: { id: u.id },
        body: {},
      });
      setCreated(`One-time password of ${u.username}, shown only now: ${r.initialPassword}`);
      users.reload();
    } catch (err) {
      setProblem(err);
    }
  }
  async function create(form: HTMLFormElement) {
    const d = new FormData(form);
    setProblem(undefined);
    setCreated(undefined);
    try {
      const r = await api.post('/api/v1/users', {
        body: { username: String(d.get('username') ?? ''), roles: d.getAll('role').map(String) },
      });
      setCreated(`Initial password, shown only now: ${r.initialPassword}`);
      form.reset();
      users.reload();
    } catch (err) {
      setProblem(err);
    }
  }

  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">Users and roles</h2>
      <Problem error={users.error ?? problem} />
      {created && (
        <p className="notice" role="status">
          {created}
        </p>
      )}
      <table aria-label="Users">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Sign-in</th>
            {ROLES.map((r) => (
              <th scope="col" key={r}>
                {r}
              </th>
            ))}
            <th scope="col">Account</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => {
            const disabled = u.disabled;
            return (
              <tr key={u.id}>
                <td>
                  {u.username}
                  {u.displayName && <span className="muted"> ({u.displayName})</span>}
                </td>
                <td>{u.authMethod}</td>
                {ROLES.map((r) => (
                  <td key={r}>
                    <input
                      type="checkbox"
                      aria-label={`${r} role for ${u.username}`}
                      checked={u.roles.includes(r)}
                      onChange={(e) =>
                        void patch(u.id, { roles: e.target.checked ? [...u.roles, r] : u.roles.filter((x) => x !== r) })
                      }
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className={disabled ? 'secondary' : 'danger'}
                    onClick={() => void patch(u.id, { disabled: !disabled })}
                  >
                    {disabled ? `Enable ${u.username}` : `Disable ${u.username}`}
                  </button>{' '}
                  {u.authMethod === 'local' && (
                    <button type="button" className="secondary" onClick={() => void resetPassword(u)}>
                      Reset password of {u.username}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form
        className="card"
        aria-label="New local user"
        onSubmit={(e) => {
          e.preventDefault();
          void create(e.currentTarget);
        }}
      >
        <h3>New local user</h3>
        <label htmlFor="nu-username">New username</label>
        <input id="nu-username" name="username" required maxLength={64} autoComplete="off" />
        <fieldset className="row">
          <legend>Roles</legend>
          {ROLES.map((r) => (
            <div className="field check" key={r}>
              <input type="checkbox" id={`nu-role-${r}`} name="role" value={r} />
              <label htmlFor={`nu-role-${r}`}>{r}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Create user</button>
      </form>
    </section>
  );
}
