import { STATUS_CODES } from "node:http";

/** The body Atlas sends with every error: `{detail, error, errorCode, parameters, reason}`. */
export interface AtlasErrorBody {
  detail: string;
  error: number;
  errorCode: string;
  parameters: unknown[];
  reason: string;
}

/**
 * An error raised by the HTTP edge itself (authentication, validation, unknown routes), carrying
 * exactly what the client will see. Errors from the core are translated by `plugins/errors.ts`.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly errorCode: string;
  readonly parameters: unknown[];

  constructor(status: number, errorCode: string, detail: string, parameters: unknown[] = [], options?: { cause?: unknown }) {
    super(detail, options);
    this.status = status;
    this.errorCode = errorCode;
    this.parameters = parameters;
  }

  /** The Atlas error body for this error. */
  toBody(): AtlasErrorBody {
    return atlasErrorBody(this.status, this.errorCode, this.message, this.parameters);
  }
}

/** Builds Atlas's error body; `reason` is the standard HTTP reason phrase of `status`. */
export function atlasErrorBody(status: number, errorCode: string, detail: string, parameters: unknown[] = []): AtlasErrorBody {
  return { detail, error: status, errorCode, parameters, reason: STATUS_CODES[status] ?? "Error" };
}
