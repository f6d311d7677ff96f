import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { allows, pagesFor, type Rule } from '../session/access';
import { LiveEventsProvider } from '../session/live-events';
import { useSession } from '../session/session';
import { Layout } from './Layout';

// Each page is its own chunk: the first load carries the shell and the sign-in form only.
const SignInPage = lazy(() => import('../pages/sign-in/SignInPage'));
const PAGES: Record<string, LazyExoticComponent<ComponentType>> = {
  '/dashboard': lazy(() => import('../pages/dashboard/DashboardPage')),
  '/series': lazy(() => import('../pages/series/SeriesListPage')),
  '/series/:id': lazy(() => import('../pages/series/SeriesDetailPage')),
  '/dead-letters': lazy(() => import('../pages/dead-letters/DeadLettersPage')),
  '/nodes': lazy(() => import('../pages/nodes/NodesPage')),
  '/routing': lazy(() => import('../pages/routing/RoutingPage')),
  '/models': lazy(() => import('../pages/models/ModelsPage')),
  '/deid': lazy(() => import('../pages/deid/DeidPage')),
  '/users': lazy(() => import('../pages/users/UsersPage')),
  '/audit': lazy(() => import('../pages/audit/AuditPage')),
  '/history': lazy(() => import('../pages/history/HistoryPage')),
};
const RULE_OF: Record<string, Rule> = {
  '/dashboard': 'statusRead',
  '/series': 'statusRead',
  '/series/:id': 'statusRead',
  '/dead-letters': 'pipelineOperate',
  '/nodes': 'settingsRead',
  '/routing': 'settingsRead',
  '/models': 'settingsRead',
  '/deid': 'settingsRead',
  '/users': 'admin',
  '/audit': 'audit',
  '/history': 'audit',
};

const Loading = () => (
  <p role="status" className="muted">
    Loading…
  </p>
);

export function App() {
  const { state } = useSession();
  if (state.kind === 'loading') return <Loading />;
  if (state.kind === 'signed-out')
    return (
      <Suspense fallback={<Loading />}>
        <SignInPage />
      </Suspense>
    );
  const roles = state.me.roles;
  const landing = pagesFor(roles)[0]?.path;
  return (
    <LiveEventsProvider enabled={allows(roles, 'statusRead')}>
      <Layout>
        <Suspense fallback={<Loading />}>
          <Routes>
            {Object.entries(PAGES)
              .filter(([path]) => allows(roles, RULE_OF[path]))
              .map(([path, Page]) => (
                <Route key={path} path={path} element={<Page />} />
              ))}
            <Route path="*" element={landing ? <Navigate to={landing} replace /> : <NoPages />} />
          </Routes>
        </Suspense>
      </Layout>
    </LiveEventsProvider>
  );
}

function NoPages() {
  return (
    <section aria-labelledby="none-h">
      <h1 id="none-h">Nothing to show yet</h1>
      <p>Your roles give no console page. Ask an administrator for the role you need.</p>
    </section>
  );
}
