/**
 * Lets a listener's default TLS context accept chains that end at an intermediate CA the project
 * trusts (a customer bundle holding an intermediate without its root).
 *
 * `tls.Server#setSecureContext` in Node 20 rebuilds the default context from a fixed list of options
 * that leaves out `allowPartialTrustChain`, and clients that connect by IP address send no server name,
 * so the SNI path (which hands out a context built with the option) never serves them. The native
 * context has the setter itself; it is applied after every rebuild.
 */
import type { Server } from "node:tls";

interface SharedCredentials {
  readonly context?: { setAllowPartialTrustChain?: () => void };
}

/** Applies `allowPartialTrustChain` to the server's default context; false when this Node.js offers no way to. */
export function allowPartialTrustChainByDefault(server: Server): boolean {
  const context = (server as unknown as { _sharedCreds?: SharedCredentials })._sharedCreds?.context;
  if (typeof context?.setAllowPartialTrustChain !== "function") return false;
  context.setAllowPartialTrustChain();
  return true;
}
