/**
 * The limits that keep one database user from holding up the server or other tenants (docs/security.md).
 * Each is an environment variable without a flag, like CERTGATE_LDAP_RECHECK_SECONDS.
 */

/** The resolved limits. */
export interface GatewayLimits {
  /** The longest an embedded-backend operation may run; also the limit of those that set no `maxTimeMS`. */
  maxTimeMs: number;
  /** Heap limit of each embedded cluster's worker thread, in MiB. */
  workerMemoryMb: number;
  /** How many nice steps below the gateway's own thread each embedded cluster's worker thread runs. */
  workerNice: number;
  /** An embedded-backend operation still running after this long drops to the lowest CPU priority until it ends. */
  longOperationMs: number;
  /** A connection that has not authenticated is closed after this long without traffic. */
  unauthenticatedIdleMs: number;
  /** A TLS handshake not finished within this long is abandoned. */
  handshakeTimeoutMs: number;
  /** Retryable-write records an embedded cluster keeps per user (one per logical session). */
  retryRecordsPerUser: number;
  /** MiB of retryable-write replies an embedded cluster keeps per user. */
  retryRecordMbPerUser: number;
}

/** One limit's variable, unit, default and accepted range. */
interface LimitSetting {
  readonly env: string;
  readonly unit: "milliseconds" | "seconds" | "MiB" | "records" | "nice steps";
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export const GATEWAY_LIMIT_SETTINGS = {
  maxTimeMs: { env: "CERTGATE_GATEWAY_MAX_TIME_MS", unit: "milliseconds", default: 60_000, min: 1, max: 86_400_000 },
  workerMemoryMb: { env: "CERTGATE_GATEWAY_WORKER_MEMORY_MB", unit: "MiB", default: 1024, min: 64, max: 65_536 },
  workerNice: { env: "CERTGATE_GATEWAY_WORKER_NICE", unit: "nice steps", default: 0, min: 0, max: 19 },
  longOperationMs: { env: "CERTGATE_GATEWAY_LONG_OPERATION_MS", unit: "milliseconds", default: 20, min: 0, max: 86_400_000 },
  unauthenticatedIdleMs: { env: "CERTGATE_GATEWAY_UNAUTHENTICATED_IDLE_SECONDS", unit: "seconds", default: 60, min: 1, max: 86_400 },
  handshakeTimeoutMs: { env: "CERTGATE_GATEWAY_HANDSHAKE_TIMEOUT_SECONDS", unit: "seconds", default: 10, min: 1, max: 3_600 },
  retryRecordsPerUser: { env: "CERTGATE_GATEWAY_RETRY_RECORDS_PER_USER", unit: "records", default: 10_000, min: 1, max: 1_000_000 },
  retryRecordMbPerUser: { env: "CERTGATE_GATEWAY_RETRY_RECORD_MB_PER_USER", unit: "MiB", default: 32, min: 1, max: 65_536 },
} as const satisfies Record<keyof GatewayLimits, LimitSetting>;

/** The defaults, for gateways started without a configuration (tests, benchmarks). */
export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = resolveGatewayLimits({});

/** Reads every limit from `env`; a value that can't be used throws an Error naming its variable. */
export function resolveGatewayLimits(env: NodeJS.ProcessEnv): GatewayLimits {
  const read = (setting: LimitSetting): number => {
    const text = (env[setting.env] ?? "").trim();
    const value = text === "" ? setting.default : /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
      throw new Error(`${setting.env} must be a whole number of ${setting.unit} from ${setting.min} to ${setting.max}, got ${JSON.stringify(text)}.`);
    }
    return setting.unit === "seconds" ? value * 1000 : value;
  };
  const s = GATEWAY_LIMIT_SETTINGS;
  return {
    maxTimeMs: read(s.maxTimeMs),
    workerMemoryMb: read(s.workerMemoryMb),
    workerNice: read(s.workerNice),
    longOperationMs: read(s.longOperationMs),
    unauthenticatedIdleMs: read(s.unauthenticatedIdleMs),
    handshakeTimeoutMs: read(s.handshakeTimeoutMs),
    retryRecordsPerUser: read(s.retryRecordsPerUser),
    retryRecordMbPerUser: read(s.retryRecordMbPerUser),
  };
}
