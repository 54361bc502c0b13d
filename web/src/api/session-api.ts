import { requestJson, setCsrfToken } from "./http-client.js";

/** Where the UI's own endpoints live (not part of Atlas's API). */
export const PRIVATE_API_BASE = "/api/private";

/** The signed-in person as the server describes them. */
export interface SessionPerson {
  id: string;
  email: string;
  orgId: string;
  orgRoles: string[];
  /** Project roles by project id. */
  groupRoles: Record<string, string[]>;
}

/** What sign-in and `me` answer. */
export interface SessionInfo {
  person: SessionPerson;
  csrfToken: string;
}

async function remember(info: SessionInfo): Promise<SessionInfo> {
  setCsrfToken(info.csrfToken);
  return info;
}

/** Signs in with email and password; the server sets the session cookie. */
export async function signIn(email: string, password: string): Promise<SessionInfo> {
  return remember(await requestJson<SessionInfo>("POST", `${PRIVATE_API_BASE}/auth/login`, { body: { email, password } }));
}

/** The current session, if the cookie still holds one (otherwise an `ApiRequestError` with status 401). */
export async function currentSession(): Promise<SessionInfo> {
  return remember(await requestJson<SessionInfo>("GET", `${PRIVATE_API_BASE}/auth/me`));
}

/** Ends the session. */
export async function signOut(): Promise<void> {
  await requestJson<unknown>("POST", `${PRIVATE_API_BASE}/auth/logout`, { body: {} });
  setCsrfToken(undefined);
}
