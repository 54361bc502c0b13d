/**
 * Serves the built web UI (`web/dist/`) at `/`. The UI's own addresses (`/`, `/orgs/...`,
 * `/groups/...`) all answer `index.html`, which routes in the browser; `/assets/*` are Vite's
 * content-hashed files, cached for a year. Nothing under `/api/` is touched, so unknown API paths
 * keep their Atlas 404.
 */
import { readFile } from "node:fs/promises";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import type { FastifyInstance, FastifyReply } from "fastify";

/** The addresses the UI routes in the browser. */
export const UI_PAGE_ROUTES = ["/", "/orgs/*", "/groups/*"] as const;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/**
 * What the UI may load: only its own scripts, styles and images, and only its own server; no framing.
 * Vite's build has no inline scripts or styles, so none are allowed.
 */
export const UI_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** `web/dist` of the package this file belongs to (from `src/api/ui` or `dist/src/api/ui`). */
export function defaultWebRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "web"))) return join(dir, "web", "dist");
    dir = dirname(dir);
  }
  return join(process.cwd(), "web", "dist");
}

function securityHeaders(reply: FastifyReply): void {
  reply.header("content-security-policy", UI_CONTENT_SECURITY_POLICY);
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "no-referrer");
  reply.header("x-frame-options", "DENY");
}

/** Registers the UI's routes on `app`, serving files from `webRoot`. */
export function registerStaticUi(app: FastifyInstance, webRoot: string): void {
  const root = normalize(webRoot);
  const cache = new Map<string, Buffer>();

  const load = async (relative: string): Promise<Buffer | undefined> => {
    const path = normalize(join(root, relative));
    // Reject anything that resolves outside the UI's folder (e.g. `/assets/../../package.json`).
    if (!path.startsWith(root + sep)) return undefined;
    const cached = cache.get(path);
    if (cached) return cached;
    try {
      const data = await readFile(path);
      cache.set(path, data);
      return data;
    } catch {
      return undefined;
    }
  };

  const sendIndex = async (reply: FastifyReply) => {
    const index = await load("index.html");
    securityHeaders(reply);
    reply.header("cache-control", "no-cache");
    if (!index) {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send(Buffer.from("The web UI has not been built. Run `npm run build` (it runs `vite build web`) and restart certgate.\n"));
    }
    return reply.type(CONTENT_TYPES[".html"] ?? "text/html").send(index);
  };

  for (const route of UI_PAGE_ROUTES) app.get(route, { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));

  const sendFile = async (relative: string, reply: FastifyReply, immutable: boolean) => {
    const data = await load(relative);
    if (!data) return reply.callNotFound();
    securityHeaders(reply);
    reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return reply.type(CONTENT_TYPES[extname(relative)] ?? "application/octet-stream").send(data);
  };

  app.get<{ Params: { "*": string } }>("/assets/*", { schema: { hide: true } }, async (request, reply) => {
    const rest = request.params["*"];
    return sendFile(join("assets", rest), reply, true);
  });
  app.get("/favicon.svg", { schema: { hide: true } }, async (_request, reply) => sendFile("favicon.svg", reply, false));
}
