/** A failed Admin API call, and how the CLI prints it. */

/** Atlas's error body: `{detail, error, errorCode, parameters, reason}`. */
export interface AtlasErrorBody {
  detail?: string | null;
  error?: number;
  errorCode?: string;
  parameters?: unknown;
  reason?: string;
}

/** The API answered with an error status. `body` is the parsed JSON body when there was one. */
export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly rawBody: string,
    reason: string,
  ) {
    super(describeApiError(status, body, rawBody, reason));
  }
}

/** The one-line summary: `<errorCode>: <detail>` as the Atlas CLI prints, else the HTTP status. */
function describeApiError(status: number, body: unknown, rawBody: string, reason: string): string {
  if (typeof body === "object" && body !== null && typeof (body as AtlasErrorBody).errorCode === "string") {
    const { errorCode, detail } = body as AtlasErrorBody;
    // One line whatever the server wrote, so scripts can rely on `Error: CODE: detail` being a single line.
    return detail ? `${errorCode}: ${detail.replace(/\s*\n\s*/g, " ")}` : `${errorCode}`;
  }
  const text = rawBody.trim().split("\n")[0]?.slice(0, 200);
  return `HTTP ${status}${reason ? ` ${reason}` : ""}${text ? `: ${text}` : ""}`;
}
