import { useState, type FormEvent } from "react";
import { signIn, type SessionInfo } from "../api/session-api.js";
import { ErrorBanner } from "../components/error-banner.js";
import { BrandMark } from "../components/brand-mark.js";
import { Field } from "../components/field.js";
import { useSubmit } from "../lib/use-submit.js";

/** Email and password sign-in for people (Organization Owners and other operators). */
export function SignInPage(props: { notice?: string; onSignedIn: (info: SessionInfo) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, submit, setError } = useSubmit(async () => {
    props.onSignedIn(await signIn(email, password));
  });

  const signInOnSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!email || !password) {
      setError("Enter your email address and password.");
      return;
    }
    void submit();
  };

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={signInOnSubmit} noValidate aria-labelledby="sign-in-title">
        <BrandMark />
        <h1 id="sign-in-title">Sign in to certgate</h1>
        {props.notice ? <p className="banner banner-info">{props.notice}</p> : null}
        <Field label="Email address">
{(id) => (
<input id={id} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus required />
)}
</Field>
        <Field label="Password">
{(id) => (
<input id={id} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
)}
</Field>
        {error ? <ErrorBanner message={error} /> : null}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
