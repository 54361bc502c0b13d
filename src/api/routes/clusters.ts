/**
 * `/groups/{groupId}/clusters`: a project's clusters in Atlas's shape (create, list, get, delete),
 * with certgate's `backend` field, and `.../clusters/{clusterName}/tlsCA`: the PEM of the CA behind
 * the gateways' server certificates, for clients' `--tlsCAFile` (a certgate extension).
 */
import { Type } from "typebox";
import type { Cluster, ClusterService } from "../../core/clusters.js";
import { alphabetical } from "../alphabetical.js";
import { ApiError } from "../api-error.js";
import { RawText, sendNoContent } from "../plugins/response-format.js";
import { actorOf } from "../request-context.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, listQuery, noContent, paginated } from "../schemas/common.js";
import { pageOf, pageResponse, selfLink, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

/** What the cluster routes need besides the core. */
export interface ClusterRoutesOptions {
  service: ClusterService;
  /** The deployment server CA's PEM; undefined when the operator supplied the gateway certificate. */
  serverCaPem(): string | undefined;
}

const backendSchema = Type.Partial(
  Type.Object({
    embedded: Type.Object({}, { additionalProperties: false }),
    upstream: Type.Object({ connectionString: Type.String({ description: "mongodb:// URI of the upstream deployment." }) }),
  }),
  { title: "ClusterBackend", description: "certgate extension: where the cluster's data lives. Exactly one of embedded (the default) or upstream." },
);

const clusterSchema = {
  type: "object",
  title: "ClusterDescription",
  properties: {
    id: { type: "string" },
    groupId: { type: "string" },
    name: { type: "string" },
    clusterType: { type: "string" },
    stateName: { type: "string", enum: ["CREATING", "IDLE"] },
    createDate: { type: "string", format: "date-time" },
    connectionStrings: {
      type: "object",
      description: "Present once a gateway accepts connections for the cluster.",
      properties: { standard: { type: "string" } },
    },
    backend: backendSchema,
    links: { type: "array", items: { type: "object", properties: { href: { type: "string" }, rel: { type: "string" } } } },
  },
} as const;

// Atlas's cluster body has many more fields (provider settings); they mean nothing here and are ignored.
const createBody = Type.Object({ name: Type.String(), backend: Type.Optional(backendSchema) }, { title: "CreateCluster" });

const clusterParams = Type.Object({ groupId: groupIdParam, clusterName: Type.String() });

/** Registers the cluster routes. */
export function registerClusterRoutes(app: ApiScope, ctx: RouteContext, options: ClusterRoutesOptions): void {
  const render = (request: Parameters<typeof selfLink>[1], cluster: Cluster) =>
    alphabetical({ ...cluster, links: selfLink(ctx, request, `/groups/${cluster.groupId}/clusters/${cluster.name}`) });

  app.post(
    "/groups/:groupId/clusters",
    {
      schema: {
        tags: ["Clusters"],
        operationId: "createCluster",
        summary: "Create a cluster: a gateway listener in front of the embedded store (default) or an upstream deployment",
        params: groupParams,
        querystring: entityQuery,
        body: createBody,
        response: { 201: clusterSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params;
      const body = request.body;
      const cluster = await options.service.create(actorOf(request), groupId, { name: body.name, backend: body.backend });
      return reply.code(201).send(render(request, cluster));
    },
  );

  app.get(
    "/groups/:groupId/clusters",
    {
      schema: {
        tags: ["Clusters"],
        operationId: "listClusters",
        summary: "Return the project's clusters, oldest first",
        params: groupParams,
        querystring: listQuery,
        response: { 200: paginated("PaginatedClusterDescription", clusterSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      const page = pageOf(request);
      return pageResponse(ctx, request, page, await options.service.list(actorOf(request), groupId, page), (c) => render(request, c));
    },
  );

  app.get(
    "/groups/:groupId/clusters/:clusterName",
    {
      schema: {
        tags: ["Clusters"],
        operationId: "getCluster",
        summary: "Return one cluster",
        params: clusterParams,
        querystring: entityQuery,
        response: { 200: clusterSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, clusterName } = request.params;
      return render(request, await options.service.get(actorOf(request), groupId, clusterName));
    },
  );

  app.delete(
    "/groups/:groupId/clusters/:clusterName",
    {
      schema: {
        tags: ["Clusters"],
        operationId: "deleteCluster",
        summary: "Delete a cluster: its gateway stops listening and its connections close",
        params: clusterParams,
        querystring: entityQuery,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId, clusterName } = request.params;
      await options.service.delete(actorOf(request), groupId, clusterName);
      return sendNoContent(request, reply);
    },
  );

  app.get(
    "/groups/:groupId/clusters/:clusterName/tlsCA",
    {
      schema: {
        tags: ["Clusters"],
        operationId: "getClusterTlsCa",
        summary: "certgate extension: the PEM CA certificate that signs the gateways' server certificates (for --tlsCAFile)",
        params: clusterParams,
        querystring: entityQuery,
        response: { 200: { type: "string" }, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, clusterName } = request.params;
      await options.service.get(actorOf(request), groupId, clusterName);
      const pem = options.serverCaPem();
      if (pem === undefined) {
        throw new ApiError(404, "RESOURCE_NOT_FOUND", "The gateways use an operator-supplied certificate; ask the operator for its CA.");
      }
      return new RawText(pem, "application/x-pem-file");
    },
  );
}
