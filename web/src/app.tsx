import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiRequestError, errorMessage } from "./api/api-request-error.js";
import { onSessionExpired } from "./api/http-client.js";
import { currentSession, signOut as endSession, type SessionInfo } from "./api/session-api.js";
import { ErrorBanner } from "./components/error-banner.js";
import { LoadingState } from "./components/loading-state.js";
import { SessionContext, type SessionContextValue } from "./lib/session-context.js";
import { SignInPage } from "./screens/sign-in-page.js";
import { SignedInRoutes } from "./screens/signed-in-routes.js";

type SessionState = { status: "checking" } | { status: "signedOut"; notice?: string } | { status: "signedIn"; info: SessionInfo } | { status: "error"; message: string };

/** The whole UI: finds out whether a session exists, then shows sign-in or the signed-in screens. */
export function App() {
  const [session, setSession] = useState<SessionState>({ status: "checking" });

  const check = useCallback(() => {
    setSession({ status: "checking" });
    currentSession().then(
      (info) => setSession({ status: "signedIn", info }),
      (err: unknown) => {
        if (err instanceof ApiRequestError && err.status === 401) setSession({ status: "signedOut" });
        else setSession({ status: "error", message: errorMessage(err) });
      },
    );
  }, []);

  useEffect(check, [check]);
  useEffect(() => onSessionExpired(() => setSession({ status: "signedOut", notice: "Your session has ended. Please sign in again." })), []);

  const contextValue = useMemo<SessionContextValue | undefined>(() => {
    if (session.status !== "signedIn") return undefined;
    return {
      person: session.info.person,
      signOut: () => {
        endSession().finally(() => setSession({ status: "signedOut" }));
      },
    };
  }, [session]);

  if (session.status === "checking") return <LoadingState label="Checking your session…" />;
  if (session.status === "error") return <ErrorBanner title="certgate is unavailable" message={session.message} onRetry={check} />;
  if (session.status === "signedOut" || !contextValue) {
    return <SignInPage notice={session.status === "signedOut" ? session.notice : undefined} onSignedIn={(info) => setSession({ status: "signedIn", info })} />;
  }
  return (
    <SessionContext.Provider value={contextValue}>
      <SignedInRoutes />
    </SessionContext.Provider>
  );
}
