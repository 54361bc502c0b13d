/**
 * The Atlas-compatible Admin API: a Fastify instance serving `/api/atlas/v1.0` (and the same routes
 * under `/api/atlas/v2` for clients that send Atlas's versioned media type).
 *
 * Design principles:
 * 1. Routes call the core only; the core authorizes every operation itself.
 * 2. Cross-cutting behaviour lives in `plugins/`, installed on the root instance so it also covers
 *    errors and unknown routes: digest auth, response shaping, JSON bodies, error bodies.
 * 3. The route schemas (TypeBox) validate requests (unknown fields are refused, as Atlas refuses them),
 *    type each handler's request (`request-type-provider.ts`) and are the OpenAPI document served at
 *    `/api/atlas/v1.0/openapi.json`.
 */
import { randomBytes } from "node:crypto";
import type { RequestListener, Server as HttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { SecureContextOptions } from "node:tls";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import type { Logger } from "pino";
import type { AlertsService } from "../alerts/index.js";
import type { Core } from "../core/index.js";
import { systemClock, type Clock } from "../shared/clock.js";
import type { CommitDurability } from "../shared/commit-durability.js";
import { DigestAuthenticator } from "./auth/digest-authenticator.js";
import { NonceSigner } from "./auth/digest-nonce.js";
import { CoreNonceCountStore } from "./auth/core-nonce-count-store.js";
import type { NonceCountStore } from "./auth/nonce-count-store.js";
import { atlasErrorBody } from "./api-error.js";
import { installDigestAuth, type DigestAuthOptions } from "./plugins/digest-auth.js";
import { installDurableReplies } from "./plugins/durable-replies.js";
import { installErrorHandling } from "./plugins/errors.js";
import { answerClientError, answerFrameworkError } from "./plugins/framework-errors.js";
import { installJsonBody, MAX_BODY_BYTES } from "./plugins/json-body.js";
import { installResponseFormat } from "./plugins/response-format.js";
import { installSecurityHeaders } from "./plugins/security-headers.js";
import { installTransportSecurity } from "./plugins/transport-security.js";
import { buildRequestValidator } from "./request-validation.js";
import { registerAlertConfigRoutes } from "./routes/alert-configs.js";
import { registerAlertRoutes } from "./routes/alerts.js";
import { registerApiKeyRoutes } from "./routes/api-keys.js";
import { registerClusterRoutes, type ClusterRoutesOptions } from "./routes/clusters.js";
import { registerCustomDbRoleRoutes } from "./routes/custom-db-roles.js";
import { registerDatabaseUserRoutes } from "./routes/database-users.js";
import { registerEventRoutes } from "./routes/events.js";
import { registerGroupRoutes } from "./routes/groups.js";
import type { RouteContext } from "./routes/route-context.js";
import type { ApiScope, RequestTypeProvider } from "./request-type-provider.js";
import { registerUserSecurityRoutes } from "./routes/user-security.js";
import { registerX509CertRoutes, RENEW_PATH } from "./routes/x509-certs.js";

/** Where the v1.0 API lives, as on cloud.mongodb.com. */
export const API_V1_PREFIX = "/api/atlas/v1.0";
/** Where the v2 API lives. */
export const API_V2_PREFIX = "/api/atlas/v2";
/** The only v2 resource version certgate serves; v1.0 is equivalent to it. */
export const API_V2_MEDIA_TYPE = "application/vnd.atlas.2023-01-01+json";
/** The digest realm Atlas uses. */
export const DIGEST_REALM = "MMS Public API";
/** How long a digest nonce stays usable. */
export const DEFAULT_NONCE_TTL_MS = 5 * 60 * 1000;

/** What the API server is built from. */
export interface ApiServerOptions {
  core: Core;
  clock?: Clock;
  /** A pino logger; `false` or absent: no request logging. */
  logger?: Logger | false;
  /**
   * Key of the digest nonce signatures. Every API instance behind one load balancer needs the same
   * one (`certgate start` derives it from the master key); random when absent.
   */
  nonceSecret?: Buffer;
  nonceTtlMs?: number;
  /** Where nonce-counts are kept; defaults to the core's store, shared by every instance. */
  nonceCounts?: NonceCountStore;
  /** Base URL for links when behind a proxy (e.g. `https://certgate.example.com`); else from the request. */
  publicBaseUrl?: string;
  /**
   * Reverse proxies whose `X-Forwarded-For`, `-Proto` and `-Host` are believed (Fastify's `trustProxy`:
   * a comma-separated list of addresses and networks). Absent: none, so a request's address (which the
   * sign-in lock-out counts by) is always its TCP peer's.
   */
  trustProxy?: string;
  /**
   * Another way to authenticate Admin API requests, tried before Digest: the web UI's session
   * (`api/ui/web-ui.ts`). Only `/api/atlas/...` needs credentials when it is given.
   */
  authenticateRequest?: DigestAuthOptions["authenticateRequest"];
  /** The alerts use cases; `alertConfigs` and `alerts` are served when given. */
  alerts?: AlertsService;
  /** The cluster use cases; `/groups/{id}/clusters` is served when given. */
  clusters?: ClusterRoutesOptions;
  /**
   * Serve HTTPS: the certificate and key (and `ca`, the client CA when mutual TLS is mandatory). Client
   * certificates are always requested, never required in the handshake (`plugins/transport-security.ts`).
   * `app.server` is then a `node:https` server, whose `setSecureContext` swaps the certificate.
   */
  https?: { secureContext: SecureContextOptions; requireClientCertificate: boolean };
  /** The store's commit durability when it was opened with group commit: responses wait for the disk. */
  commits?: CommitDurability;
}

/** Builds the Admin API server (not yet listening). */
export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as FastifyBaseLogger } : { logger: false }),
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: options.trustProxy ?? false,
    // Bodies are validated exactly as sent; query strings and path parameters are read as text.
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator() } },
    return503OnClosing: true,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // DN user names may be 1024 characters, three times that once percent-encoded in a path.
    routerOptions: { maxParamLength: 4096 },
    ...(options.https
      ? {
          serverFactory: (handler: RequestListener) =>
            createHttpsServer(
              { ...options.https?.secureContext, minVersion: "TLSv1.2", requestCert: true, rejectUnauthorized: false },
              handler,
            ) as unknown as HttpServer,
        }
      : {}),
  });
  // Fastify compiles each route's response schemas; the response-format plugin applies them to every
  // body (dropping fields a schema does not declare) before it writes the JSON itself, BigInt-safe.

  const authenticator = new DigestAuthenticator({
    realm: DIGEST_REALM,
    signer: new NonceSigner(options.nonceSecret ?? randomBytes(32), options.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS),
    nonceCounts: options.nonceCounts ?? new CoreNonceCountStore(options.core.digestNonces),
    clock,
    lookup: async (publicKey) => {
      const found = await options.core.apiKeys.authenticate(publicKey);
      return found && { privateKey: found.privateKey, principal: found.actor };
    },
  });

  installSecurityHeaders(app);
  if (options.commits) installDurableReplies(app, options.commits);
  installResponseFormat(app);
  if (options.https) installTransportSecurity(app, { requireClientCertificate: options.https.requireClientCertificate, exemptPrefixes: ["/health/"] });
  installDigestAuth(app, {
    authenticator,
    publicPaths: new Set([`${API_V1_PREFIX}/openapi.json`, `${API_V1_PREFIX}${RENEW_PATH}`, `${API_V2_PREFIX}${RENEW_PATH}`]),
    ...(options.authenticateRequest ? { authenticateRequest: options.authenticateRequest, protectedPrefixes: ["/api/atlas/"] } : {}),
  });
  installJsonBody(app);
  installErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "certgate Admin API",
        version: "1.0",
        description:
          "Atlas-compatible administration of X.509 database users. Authenticate with HTTP Digest: public key as user, " +
          `private key as password. Every operation is also served below ${API_V2_PREFIX} for requests that send ` +
          `"Accept: ${API_V2_MEDIA_TYPE}".`,
      },
      components: { securitySchemes: { DigestAuth: { type: "http", scheme: "digest" } } },
      security: [{ DigestAuth: [] }],
    },
  });

  const mount = (prefix: string, versioned: boolean) =>
    app.register(
      async (scope) => {
        if (versioned) {
          // The v2 routes repeat the v1.0 ones; listing them again would repeat every operationId.
          scope.addHook("onRoute", (route) => {
            route.schema = { ...route.schema, hide: true };
          });
          scope.addHook("onRequest", async (request, reply) => {
            if (!acceptsV2(request.headers.accept)) {
              reply.skipEnvelope = true;
              return reply
                .code(406)
                .send(atlasErrorBody(406, "INVALID_VERSION_DATE", `Send "Accept: ${API_V2_MEDIA_TYPE}"; it is the only version served.`));
            }
            request.responseFormat.jsonContentType = `${API_V2_MEDIA_TYPE}; charset=utf-8`;
          });
        }
        const api: ApiScope = scope.withTypeProvider<RequestTypeProvider>();
        const ctx: RouteContext = { core: options.core, prefix, publicBaseUrl: options.publicBaseUrl };
        registerGroupRoutes(api, ctx);
        registerApiKeyRoutes(api, ctx);
        registerDatabaseUserRoutes(api, ctx);
        registerX509CertRoutes(api, ctx);
        registerUserSecurityRoutes(api, ctx);
        registerCustomDbRoleRoutes(api, ctx);
        registerEventRoutes(api, ctx);
        if (options.clusters) registerClusterRoutes(api, ctx, options.clusters);
        if (options.alerts) {
          registerAlertConfigRoutes(api, ctx, options.alerts);
          registerAlertRoutes(api, ctx, options.alerts);
        }
      },
      { prefix },
    );
  await mount(API_V1_PREFIX, false);
  await mount(API_V2_PREFIX, true);

  app.get(`${API_V1_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
  return app;
}

function acceptsV2(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((part) => part.trim().split(";")[0]?.trim().toLowerCase() === API_V2_MEDIA_TYPE);
}
