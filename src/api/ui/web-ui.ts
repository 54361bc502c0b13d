/**
 * The web UI's server side, added to the Admin API server: the static app, people's sign-in with
 * sessions (kept in the store, so any instance serves any session), and the two helper endpoints the UI needs beside Atlas's API (DN check, CA summaries).
 * The API itself accepts the session through `uiSessionAuthenticator`, passed to `buildApiServer`
 * as `authenticateRequest`, so every UI action goes through the same routes and core checks as the CLI.
 */
import type { FastifyInstance } from "fastify";
import type { Core } from "../../core/index.js";
import type { WebAccess } from "../../core/web-access.js";
import { registerAuthRoutes } from "./auth-routes.js";
import { registerCustomerCasRoute } from "./customer-cas-route.js";
import { registerDnCheckRoute } from "./dn-check-route.js";
import { defaultWebRoot, registerStaticUi } from "./static-ui.js";
import { uiSessionAuthenticator, type UiSessionDeps } from "./ui-session-auth.js";

/** What the web UI's server side is built from. */
export interface WebUiOptions {
  core: Core;
  /** People, sessions and lock-out (`createWebAccess` in the core). */
  access: WebAccess;
  /** The built UI; defaults to the package's `web/dist`. */
  webRoot?: string;
}

/** The pieces a server needs: the request authenticator for the API, and the routes to register. */
export interface WebUi {
  /** Pass to `buildApiServer` as `authenticateRequest`. */
  authenticateRequest: ReturnType<typeof uiSessionAuthenticator>;
  /** Registers the UI's routes on the API server. */
  register(app: FastifyInstance): void;
}

/** Builds the web UI's server side. */
export function createWebUi(options: WebUiOptions): WebUi {
  const deps: UiSessionDeps = { access: options.access };
  return {
    authenticateRequest: uiSessionAuthenticator(deps),
    register(app) {
      registerAuthRoutes(app, deps);
      registerDnCheckRoute(app, deps);
      registerCustomerCasRoute(app, { ...deps, core: options.core });
      registerStaticUi(app, options.webRoot ?? defaultWebRoot());
    },
  };
}
