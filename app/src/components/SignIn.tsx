import { signInUrl } from '../api/auth';

/** Shown when the server requires sign-in and nobody is signed in. */
export function SignIn() {
  return (
    <main className="centered sign-in">
      <h1 className="brand">Remolt</h1>
      <p>Sandboxed AI coding sessions in your browser. Sign in to start one.</p>
      <a className="button primary" href={signInUrl(window.location)} data-testid="sign-in">
        Sign in with GitHub
      </a>
    </main>
  );
}
