import { requestJson } from "./http-client.js";
import { PRIVATE_API_BASE } from "./session-api.js";

/** One CA of the project's self-managed X.509 bundle, as the server read it. */
export interface CustomerCaSummary {
  position: number;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  daysUntilExpiry: number;
  sha256Fingerprint: string;
}

/** The CAs of the project's current bundle (empty while self-managed X.509 is off). */
export async function listCustomerCas(groupId: string): Promise<CustomerCaSummary[]> {
  return (await requestJson<{ results: CustomerCaSummary[] }>("GET", `${PRIVATE_API_BASE}/groups/${encodeURIComponent(groupId)}/customerCas`)).results;
}
