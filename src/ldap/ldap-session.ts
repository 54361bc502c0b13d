/**
 * One bound LDAP session over ldapts: connect (LDAPS, or LDAP + StartTLS, or plain LDAP), bind, run
 * searches, unbind. TLS always verifies the server's certificate and host name, against the
 * configured `caCertificate` when there is one. Failures are classified by the step that failed, which
 * is what the verify endpoint reports and what decides whether a server is "down".
 */
import type { ConnectionOptions } from "node:tls";
import { Client, ResultCodeError } from "ldapts";
import type { LdapQuery } from "./ldap-query-template.js";
import type { LdapServer, LdapTimeouts } from "./ldap-server.js";

/** The step an LDAP failure happened in. */
export type LdapFailureStep = "CONNECT" | "AUTHENTICATE" | "QUERY";

/** A failed LDAP step; `message` is safe to log (never holds the password). */
export class LdapFailure extends Error {
  override readonly name = "LdapFailure";
  constructor(
    readonly step: LdapFailureStep,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The LDAP result code when the server answered with one (32 = noSuchObject, 49 = invalidCredentials). */
  get resultCode(): number | undefined {
    return this.cause instanceof ResultCodeError ? this.cause.code : undefined;
  }
}

/** Operations a session may run: bind, a mapping query, the entry check and the group query. */
const SESSION_OPERATIONS = 4;

/** LDAP result code noSuchObject: the base DN of a search does not exist. */
export const NO_SUCH_OBJECT = 32;

/** One entry of a search result: its DN and the requested attributes' values as strings. */
export interface LdapEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

/** A bound session. */
export interface LdapSession {
  search(query: LdapQuery): Promise<LdapEntry[]>;
}

function describe(error: unknown): string {
  if (error instanceof ResultCodeError) return `${error.message} (LDAP result ${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

function tlsOptions(server: LdapServer): ConnectionOptions {
  return {
    rejectUnauthorized: true,
    servername: /^[\d.]+$|:/.test(server.hostname) ? undefined : server.hostname,
    minVersion: "TLSv1.2",
    ...(server.caCertificate === undefined || server.caCertificate === "" ? {} : { ca: server.caCertificate }),
  };
}

function asStrings(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => (Buffer.isBuffer(v) ? v.toString("utf8") : String(v)));
}

/** Opens a session, runs `work` in it and always closes the connection. */
export async function withLdapSession<T>(server: LdapServer, timeouts: LdapTimeouts, work: (session: LdapSession) => Promise<T>): Promise<T> {
  const scheme = server.transport === "TLS" ? "ldaps" : "ldap";
  const host = server.hostname.includes(":") ? `[${server.hostname}]` : server.hostname;
  const client = new Client({
    url: `${scheme}://${host}:${server.port}`,
    connectTimeout: timeouts.connectMs,
    timeout: timeouts.operationMs,
    // ldapts opens TLS at connect whenever tlsOptions are given, so StartTLS and plain LDAP must not pass them.
    ...(server.transport === "TLS" ? { tlsOptions: tlsOptions(server) } : {}),
    strictDN: false,
  });
  const session = runSession(client, server, host, work);
  // ldapts bounds the TCP connect and each operation, but not StartTLS's handshake: one deadline for
  // the whole session keeps a server that stalls anywhere from holding a lookup forever.
  const limitMs = timeouts.connectMs + SESSION_OPERATIONS * timeouts.operationMs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new LdapFailure("CONNECT", `${host}:${server.port} did not complete the session within ${limitMs} ms`)), limitMs);
  });
  try {
    return await Promise.race([session, deadline]);
  } finally {
    clearTimeout(timer);
    session.catch(() => undefined);
    await client.unbind().catch(() => undefined);
  }
}

/** Connects (StartTLS first when asked), binds and runs `work`; failures name the step. */
async function runSession<T>(client: Client, server: LdapServer, host: string, work: (session: LdapSession) => Promise<T>): Promise<T> {
  if (server.transport === "STARTTLS") {
    try {
      await client.startTLS(tlsOptions(server));
    } catch (error) {
      throw new LdapFailure("CONNECT", `StartTLS with ${host}:${server.port} failed: ${describe(error)}`, { cause: error });
    }
  }
  try {
    await client.bind(server.bindUsername, server.bindPassword);
  } catch (error) {
    // A result code means the server answered the bind; anything else never reached it.
    const step = error instanceof ResultCodeError ? "AUTHENTICATE" : "CONNECT";
    const what = step === "AUTHENTICATE" ? `bind as ${server.bindUsername} refused` : `cannot reach ${host}:${server.port}`;
    throw new LdapFailure(step, `${what}: ${describe(error)}`, { cause: error });
  }
  return await work({
    async search(query) {
      try {
        const result = await client.search(query.baseDn, {
          scope: query.scope,
          filter: query.filter,
          attributes: query.attributes.length > 0 ? query.attributes : ["1.1"],
        });
        return result.searchEntries.map((entry) => {
          const attributes: Record<string, string[]> = {};
          for (const [name, value] of Object.entries(entry)) {
            if (name !== "dn") attributes[name.toLowerCase()] = asStrings(value);
          }
          return { dn: entry.dn, attributes };
        });
      } catch (error) {
        if (error instanceof LdapFailure) throw error;
        const step = error instanceof ResultCodeError ? "QUERY" : "CONNECT";
        throw new LdapFailure(step, `search of ${query.baseDn} failed: ${describe(error)}`, { cause: error });
      }
    },
  });
}
