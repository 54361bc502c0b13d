import { requestJson, requestText } from "./http-client.js";
import { ALL_ITEMS, atlasPath } from "./api-paths.js";
import type { AtlasPage, UserCert } from "./atlas-types.js";

/**
 * Issues a managed certificate; answers the PEM text (certificate, then private key) exactly once. With
 * a CSR (certgate extension) the certificate is issued for the request's key and the answer holds the
 * certificate alone.
 */
export function issueCertificate(groupId: string, username: string, monthsUntilExpiration: number, csr?: string): Promise<string> {
  const body = csr === undefined ? { monthsUntilExpiration } : { monthsUntilExpiration, csr };
  return requestText("POST", atlasPath("groups", groupId, "databaseUsers", username, "certs"), { body });
}

/** The user's certificates; with `includeExpired` also expired and revoked ones (certgate extension). */
export async function listCertificates(groupId: string, username: string, includeExpired: boolean): Promise<UserCert[]> {
  const query = { ...ALL_ITEMS, includeExpired: includeExpired ? true : undefined };
  return (await requestJson<AtlasPage<UserCert>>("GET", atlasPath("groups", groupId, "databaseUsers", username, "certs"), { query })).results;
}

/** Revokes one certificate by serial (certgate extension). */
export async function revokeCertificate(groupId: string, username: string, serial: string): Promise<void> {
  await requestJson<unknown>("DELETE", atlasPath("groups", groupId, "databaseUsers", username, "certs", serial));
}
