import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { pagesFor } from '../session/access';
import { useMe, useSession } from '../session/session';

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Delineo</span>
        <span className="who">
          {me.name} <span className="muted">({me.roles.join(', ') || 'no role'})</span>
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Main" className="side">
        <ul>
          {pagesFor(me.roles).map((p) => (
            <li key={p.path}>
              <NavLink to={p.path}>{p.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
