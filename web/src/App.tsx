// The shell: who is signed in (or the first-run / sign-in page), the navigation, and the routes.
import { useCallback, useEffect, useState } from 'react';
import { api, session } from './api.js';
import type { User } from './types.js';
import { Link, match, navigate, usePath } from './router.js';
import { SignIn } from './pages/SignIn.js';
import { FirstRun } from './pages/FirstRun.js';
import { PatternsPage } from './pages/Patterns.js';
import { DeploymentsPage } from './pages/Deployments.js';
import { DeploymentPage } from './pages/Deployment.js';
import { ExecutionCanvasPage } from './pages/deployment/ExecutionCanvas.js';
import { Editor } from './editor/Editor.js';
import { SecretsPage } from './pages/settings/Secrets.js';
import { IntegrationsPage } from './pages/Integrations.js';
import { ConnectionsPage } from './pages/Connections.js';
import { TokensPage } from './pages/settings/Tokens.js';
import { UsersPage } from './pages/settings/Users.js';

type Auth = { kind: 'loading' } | { kind: 'first-run' } | { kind: 'sign-in' } | { kind: 'ready'; user: User };

export function App() {
  const [auth, setAuth] = useState<Auth>({ kind: 'loading' });
  const path = usePath();

  const checkStatus = useCallback(async () => {
    try {
      const { hasUsers } = await api.get<{ hasUsers: boolean }>('/api/auth/status');
      setAuth(hasUsers ? { kind: 'sign-in' } : { kind: 'first-run' });
    } catch {
      setAuth({ kind: 'sign-in' });
    }
  }, []);

  useEffect(() => {
    if (!session.token()) {
      void checkStatus();
      return;
    }
    api.get<User>('/api/auth/me').then(
      (user) => setAuth({ kind: 'ready', user }),
      () => {
        session.clear();
        void checkStatus();
      },
    );
  }, [checkStatus]);

  useEffect(() => {
    const out = () => {
      session.clear();
      setAuth({ kind: 'sign-in' });
    };
    window.addEventListener('dragops:signed-out', out);
    return () => window.removeEventListener('dragops:signed-out', out);
  }, []);

  const signedIn = (token: string, user: User) => {
    session.set(token);
    setAuth({ kind: 'ready', user });
    if (path === '/' || path === '') navigate('/patterns', true);
  };

  if (auth.kind === 'loading')
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (auth.kind === 'first-run') return <FirstRun onDone={signedIn} />;
  if (auth.kind === 'sign-in') return <SignIn onDone={signedIn} />;

  // Revokes the session on the server (POST /api/auth/logout), then forgets it here whatever the
  // answer: a token the server no longer knows is as signed out as one it revoked.
  const signOut = async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      /* offline or already revoked */
    }
    session.clear();
    setAuth({ kind: 'sign-in' });
  };
  const editor = match('/patterns/:id', path);
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">dragops</span>
        <nav aria-label="Main">
          <Link to="/patterns" aria-current={path.startsWith('/patterns') ? 'page' : undefined}>
            Patterns
          </Link>
          <Link to="/deployments" aria-current={path.startsWith('/deployments') ? 'page' : undefined}>
            Deployments
          </Link>
          <Link to="/integrations" aria-current={path.startsWith('/integrations') ? 'page' : undefined}>
            Integrations
          </Link>
          <Link to="/connections" aria-current={path.startsWith('/connections') ? 'page' : undefined}>
            Connections
          </Link>
          <Link to="/secrets" aria-current={path.startsWith('/secrets') ? 'page' : undefined}>
            Secrets
          </Link>
          <Link to="/tokens" aria-current={path.startsWith('/tokens') ? 'page' : undefined}>
            API tokens
          </Link>
          {auth.user.role === 'admin' && (
            <Link to="/users" aria-current={path.startsWith('/users') ? 'page' : undefined}>
              Users
            </Link>
          )}
        </nav>
        <span className="spacer" />
        <span className="who">{auth.user.email}</span>
        <button type="button" className="ghost" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main className={editor ? 'main editor-main' : 'main'}>
        <Routes path={path} user={auth.user} />
      </main>
    </div>
  );
}

function Routes({ path, user }: { path: string; user: User }) {
  let m: Record<string, string> | null;
  if (path === '/' || path === '') return <Redirect to="/patterns" />;
  if (match('/patterns', path)) return <PatternsPage />;
  if ((m = match('/patterns/:id', path))) return <Editor key={m.id} patternId={m.id!} />;
  if (match('/deployments', path)) return <DeploymentsPage />;
  if (match('/integrations', path)) return <IntegrationsPage me={user} />;
  if (match('/connections', path)) return <ConnectionsPage />;
  if (match('/secrets', path)) return <SecretsPage />;
  if (match('/tokens', path)) return <TokensPage />;
  if (match('/users', path)) return <UsersPage me={user} />;
  if ((m = match('/deployments/:id', path))) return <DeploymentPage key={m.id} deploymentId={m.id!} />;
  if ((m = match('/deployments/:id/runs/:runId', path))) return <ExecutionCanvasPage key={m.runId} deploymentId={m.id!} runId={m.runId!} />;
  if ((m = match('/deployments/:id/canvas', path))) return <ExecutionCanvasPage key={`${m.id}-canvas`} deploymentId={m.id!} />;
  return (
    <section className="page">
      <h1>Not found</h1>
      <p>
        No page at {path}. <Link to="/patterns">Patterns</Link>
      </p>
    </section>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, true), [to]);
  return null;
}
