import { requestJson } from "./http-client.js";
import { PRIVATE_API_BASE } from "./session-api.js";

/** The server's reading of a distinguished name: the canonical form certgate will store, or why it is invalid. */
export type DnCheck = { valid: true; canonical: string; warning?: string } | { valid: false; reason: string };

/** Asks the server to parse a DN with mongod's rules (the same module the API uses). */
export function checkDistinguishedName(dn: string): Promise<DnCheck> {
  return requestJson<DnCheck>("POST", `${PRIVATE_API_BASE}/dn/check`, { body: { dn } });
}
