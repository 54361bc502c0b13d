import { createContext, useContext } from "react";
import type { SessionPerson } from "../api/session-api.js";

/** The signed-in person and how to sign out; provided by `App` once the session is known. */
export interface SessionContextValue {
  person: SessionPerson;
  signOut: () => void;
}

/** @internal read it with `useSession`. */
export const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** The signed-in person; only valid below `App`'s signed-in branch. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession used outside a signed-in session");
  return value;
}
