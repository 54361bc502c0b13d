/**
 * Atlas-managed X.509 certificates of database users, plus two certgate extensions:
 * - `DELETE /groups/{groupId}/databaseUsers/{username}/certs/{serial}` revokes one certificate and
 *   answers 200 with its record (now carrying `revokedAt`); Atlas has no revocation endpoint.
 * - `GET /groups/{groupId}/crl` returns the project's current CRL as PEM.
 * - `GET .../certs?includeExpired=true` lists expired and revoked certificates too (Atlas lists only
 *   unexpired ones, which stays the default).
 * - `POST .../certs` also takes `csr` (a PKCS#10 request: the answer is the certificate alone, no key)
 *   and `validity` (an ISO 8601 duration such as `PT8H`, for short-lived certificates).
 * - `GET/PATCH /groups/{groupId}/certificatePolicy` reads and sets the project's longest `validity`.
 * - `POST /x509/renew` renews the managed certificate the client presents over mutual TLS, with no API
 *   key (the route is public to Digest and verifies the certificate itself).
 */

/** The renewal path below each API prefix; served without Digest credentials. */
export const RENEW_PATH = "/x509/renew";

/** The DER of the client certificate of the request's TLS connection, if any. */
function peerCertificateDer(request: FastifyRequest): Buffer | undefined {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== "function") return undefined;
  const peer = socket.getPeerCertificate(false);
  return peer && "raw" in peer && Buffer.isBuffer(peer.raw) ? peer.raw : undefined;
}
import type { TLSSocket } from "node:tls";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { alphabetical } from "../alphabetical.js";
import { ApiError } from "../api-error.js";
import { actorOf } from "../request-context.js";
import { RawText } from "../plugins/response-format.js";
import { CRL_CONTENT_TYPE, sendCrl } from "./crl-response.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, pageQueryProperties, paginated } from "../schemas/common.js";
import { pageOf, pageResponse, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";


const certSchema = {
  type: "object",
  title: "UserCert",
  properties: {
    _id: { type: "integer", format: "int64", description: "Serial number of the certificate (exceeds 2^53; read it as int64)." },
    createdAt: { type: "string", format: "date-time" },
    groupId: { type: "string" },
    notAfter: { type: "string", format: "date-time" },
    subject: { type: "string" },
    revokedAt: { type: "string", format: "date-time", description: "certgate extension: when the certificate was revoked." },
  },
} as const;

const createBody = Type.Object(
  {
    monthsUntilExpiration: Type.Optional(Type.Integer({ description: "Months the certificate is valid, 1 to 24. Default 3.", writeOnly: true })),
    csr: Type.Optional(
      Type.String({
        description:
          "certgate extension: PEM of a PKCS#10 certificate signing request (RSA 2048+ or EC P-256/P-384 key). The certificate is issued for its key, with subject CN=<username> whatever the request's subject says, and the response holds the certificate alone.",
        writeOnly: true,
      }),
    ),
    validity: Type.Optional(
      Type.String({
        description:
          "certgate extension: lifetime of a short-lived certificate as an ISO 8601 duration (PT8H, P2D, P1DT12H), at most the project's certificatePolicy.maxValidity; instead of monthsUntilExpiration.",
        writeOnly: true,
      }),
    ),
  },
  { title: "UserCert", additionalProperties: false },
);

const policySchema = {
  type: "object",
  title: "CertificatePolicy",
  properties: {
    maxValidity: { type: "string", description: "Longest `validity` of a short-lived certificate in this project, ISO 8601 (default P30D, at most P731D)." },
  },
} as const;

const userParamProperties = { groupId: groupIdParam, username: Type.String({ description: "Name of the MANAGED `$external` user." }) };
const userParams = Type.Object(userParamProperties);

/** A decimal serial that can be a positive int64 (checked for range separately). */
const SERIAL_PATTERN = /^[1-9][0-9]{0,18}$/;

/** Registers the certificate routes. */
export function registerX509CertRoutes(app: ApiScope, ctx: RouteContext): void {
  app.post(
    "/groups/:groupId/databaseUsers/:username/certs",
    {
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "createDatabaseUserCertificate",
        summary: "Create one managed X.509 certificate; the 201 body is the certificate PEM then its PKCS#8 private key PEM",
        params: userParams,
        querystring: entityQuery,
        body: createBody,
        response: {
          201: { type: "string", description: "PEM file that contains the user's X.509 certificate and private key." },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { groupId, username } = request.params;
      const body = request.body;
      const issued = await ctx.core.certificates.issue(actorOf(request), groupId, username, {
        monthsUntilExpiration: body.monthsUntilExpiration,
        csr: body.csr,
        validity: body.validity,
      });
      // Atlas labels this raw PEM body with the version's JSON media type; clients read it verbatim.
      return reply.code(201).send(new RawText(issued.pem));
    },
  );

  app.get(
    "/groups/:groupId/databaseUsers/:username/certs",
    {
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "listDatabaseUserCertificates",
        summary: "Return the unexpired managed certificates of one user, oldest first",
        params: userParams,
        querystring: Type.Object(
          {
            ...pageQueryProperties,
            includeExpired: Type.Optional(Type.Boolean({ description: "certgate extension: also list expired and revoked certificates." })),
          },
          { additionalProperties: false },
        ),
        response: { 200: paginated("PaginatedUserCertView", certSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, username } = request.params;
      const { includeExpired } = request.query;
      const page = pageOf(request);
      const result = await ctx.core.certificates.list(actorOf(request), groupId, username, { ...page, includeExpired: includeExpired ?? false });
      return pageResponse(ctx, request, page, result, (c) => alphabetical(c));
    },
  );

  app.delete(
    "/groups/:groupId/databaseUsers/:username/certs/:serial",
    {
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "revokeDatabaseUserCertificate",
        summary: "certgate extension: revoke one managed certificate by its serial (the `_id` of the list)",
        params: Type.Object({ ...userParamProperties, serial: Type.String({ description: "Decimal serial number." }) }),
        querystring: entityQuery,
        response: { 200: certSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, username, serial } = request.params;
      if (!SERIAL_PATTERN.test(serial) || BigInt(serial) > 0x7fffffffffffffffn) {
        throw new ApiError(404, "CERTIFICATE_NOT_FOUND", `No certificate with serial ${serial} exists for user ${username}.`, [serial, username]);
      }
      return alphabetical(await ctx.core.certificates.revoke(actorOf(request), groupId, username, BigInt(serial)));
    },
  );

  app.post(
    RENEW_PATH,
    {
      config: { checksOwnClientCertificate: true },
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "renewDatabaseUserCertificate",
        summary:
          "certgate extension: renew the managed certificate presented as the TLS client certificate (no API key); the 201 body is the new certificate PEM, for the same key",
        security: [],
        querystring: entityQuery,
        body: Type.Object(
          { revokeCurrent: Type.Optional(Type.Boolean({ description: "Also revoke the presented certificate. Default false: it stays valid until it expires." })) },
          { additionalProperties: false },
        ),
        response: { 201: { type: "string", description: "PEM certificate." }, ...errorResponses },
      },
    },
    async (request, reply) => {
      // The body is optional: a request without one renews and keeps the presented certificate.
      const body: typeof request.body | undefined = request.body;
      const revokeCurrent = body?.revokeCurrent === true;
      const issued = await ctx.core.certificates.renew(peerCertificateDer(request), { revokeCurrent });
      return reply.code(201).send(new RawText(issued.pem));
    },
  );

  app.get(
    "/groups/:groupId/certificatePolicy",
    {
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "getCertificatePolicy",
        summary: "certgate extension: the project's certificate policy (longest lifetime of a short-lived certificate)",
        params: groupParams,
        querystring: entityQuery,
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      return ctx.core.certificates.getPolicy(actorOf(request), groupId);
    },
  );

  app.patch(
    "/groups/:groupId/certificatePolicy",
    {
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "updateCertificatePolicy",
        summary: "certgate extension: set the project's longest short-lived certificate lifetime (Project Owner)",
        params: groupParams,
        querystring: entityQuery,
        body: Type.Object({ maxValidity: Type.Optional(Type.String()) }, { additionalProperties: false }),
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      return ctx.core.certificates.setPolicy(actorOf(request), groupId, request.body);
    },
  );

  app.get(
    "/groups/:groupId/crl",
    {
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "getCertificateRevocationList",
        summary: "certgate extension: the project's current CRL (PEM), signed by its managed CA",
        params: groupParams,
        querystring: entityQuery,
        response: {
          200: { type: "string", description: "PEM X509 CRL, with a strong ETag; gzip-compressed when the request accepts gzip." },
          304: { type: "null", description: "Not Modified: If-None-Match named the current CRL's ETag." },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params;
      const crl = await ctx.core.certificates.publishedCrl(actorOf(request), groupId);
      if (request.responseFormat.envelope) return new RawText(crl.pem.toString("latin1"), CRL_CONTENT_TYPE);
      return sendCrl(request, reply, crl);
    },
  );
}
