/** The body the Admin API sends with every error (Atlas's shape). */
export interface AtlasErrorBody {
  detail?: string | null;
  error?: number;
  errorCode?: string;
  parameters?: unknown[] | null;
  reason?: string;
}

/** A request the server refused, or one that never reached it; `message` is safe to show to the person. */
export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** Atlas's `errorCode`, e.g. `INVALID_ATTRIBUTE`; `NETWORK_ERROR` when there was no answer. */
  readonly errorCode: string;
  readonly parameters: unknown[];

  constructor(status: number, errorCode: string, message: string, parameters: unknown[] = []) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.parameters = parameters;
  }

  /** Builds the error from a response body that may or may not be Atlas JSON. */
  static fromResponse(status: number, statusText: string, text: string): ApiRequestError {
    let body: AtlasErrorBody | undefined;
    try {
      body = JSON.parse(text) as AtlasErrorBody;
    } catch {
      body = undefined;
    }
    const detail = body?.detail ?? (body?.reason || statusText || `HTTP ${status}`);
    return new ApiRequestError(status, body?.errorCode ?? `HTTP_${status}`, detail, body?.parameters ?? []);
  }
}

/** The message to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
