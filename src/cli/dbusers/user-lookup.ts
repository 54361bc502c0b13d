/** Finding a database user by name when the command was not told its authentication database. */
import { segment, type ApiClient } from "../api-client/api-client.js";
import { ApiRequestError } from "../api-client/api-request-error.js";
import type { DatabaseUser } from "../../core/types.js";

/** `CloudDatabaseUser`, the API's type (a type only: the CLI reaches the core over HTTP). */
export type { DatabaseUser };

/** The API path of one user. */
export function userPath(projectId: string, databaseName: string, username: string): string {
  return `/groups/${segment(projectId)}/databaseUsers/${segment(databaseName)}/${segment(username)}`;
}

/**
 * Reads a user. Without `authDb`, certgate's users being mostly X.509 ones, `$external` is looked at
 * first and `admin` second (the Atlas CLI defaults to `admin`, which would miss every X.509 user).
 */
export async function findUser(client: ApiClient, projectId: string, username: string, authDb: string | undefined): Promise<DatabaseUser> {
  if (authDb !== undefined) return (await client.json("GET", userPath(projectId, authDb, username))) as DatabaseUser;
  try {
    return (await client.json("GET", userPath(projectId, "$external", username))) as DatabaseUser;
  } catch (err) {
    if (!(err instanceof ApiRequestError) || err.status !== 404) throw err;
    try {
      return (await client.json("GET", userPath(projectId, "admin", username))) as DatabaseUser;
    } catch (second) {
      // Both missing: the `$external` answer is the one to show, since that is where X.509 users live.
      if (second instanceof ApiRequestError && second.status === 404) throw err;
      throw second;
    }
  }
}
