/**
 * What the web UI's sign-in needs from the core: people's passwords and current roles, sessions kept
 * in the store, and the lock-out after repeated failures. The API's UI routes use this instead of the
 * store, so HTTP code never touches persistence.
 */
import { systemClock, type Clock } from "../shared/clock.js";
import type { Store } from "../store/store.js";
import { LoginThrottle, type ThrottleLimits } from "./login-throttle.js";
import { loadPerson, verifyPersonPassword, type Person } from "./people.js";
import { SessionStore, type SessionLifetimes } from "./ui-sessions.js";

/** The people, sessions and lock-out behind the web UI's sign-in. */
export interface WebAccess {
  sessions: SessionStore;
  throttle: LoginThrottle;
  /** The person with this id and their current roles, or `undefined` once they are gone. */
  loadPerson(personId: string): Promise<Person | undefined>;
  /** The person whose email and password these are, or `undefined`. */
  verifyPassword(email: string, password: string): Promise<Person | undefined>;
}

/** Limits of {@link createWebAccess}; each defaults to the module's own. */
export interface WebAccessOptions {
  clock?: Clock;
  sessionLifetimes?: SessionLifetimes;
  throttleLimits?: ThrottleLimits;
}

/** Builds the web UI's access over `store`. */
export function createWebAccess(store: Store, options: WebAccessOptions = {}): WebAccess {
  const clock = options.clock ?? systemClock;
  return {
    sessions: new SessionStore(store, clock, options.sessionLifetimes),
    throttle: new LoginThrottle(store, clock, options.throttleLimits),
    loadPerson: (personId) => loadPerson(store, personId),
    verifyPassword: (email, password) => verifyPersonPassword(store, email, password),
  };
}
