/** What every use case shares: the store, the master key, the clock and the change notifier. */
import type { Kysely } from "kysely";
import type { KeyAlgorithm } from "../pki/key-algorithms.js";
import type { KeyPool } from "../pki/key-pool.js";
import type { CaSignerCache } from "../pki/ca-signer-cache.js";
import type { MasterKey } from "../pki/master-key.js";
import type { Clock } from "../shared/clock.js";
import type { Database } from "../store/schema.js";
import type { Store } from "../store/store.js";
import { bumpChangeCounter, bumpRevocationVersion } from "../store/repos/change-counters.js";
import { recordEvent } from "../store/repos/events.js";
import type { ChangeNotifier } from "./change-notifier.js";
import type { CustomerCasChangedHook } from "./core.js";
import type { CrlCache } from "./crl-cache.js";
import { newId } from "./ids.js";
import type { Actor, ChangeEvent, EventType } from "./types.js";

/** The shared dependencies of the use cases. */
export interface CoreContext {
  readonly store: Store;
  readonly masterKey: MasterKey;
  readonly clock: Clock;
  readonly notifier: ChangeNotifier;
  readonly userKeyAlgorithm: KeyAlgorithm;
  readonly caKeyAlgorithm: KeyAlgorithm;
  readonly maxDatabaseUsersPerProject: number;
  /** Pre-generated keys for issuing; without one every issue generates its key on the spot. */
  readonly keyPool: KeyPool | undefined;
  /** Opened CA signing keys, reused between issues. */
  readonly signerCache: CaSignerCache;
  /** Draws a certificate serial (random; tests may force a clash). */
  readonly drawSerialNumber: () => bigint;
  /** Each project's signed CRL, rebuilt once per change of its revocations. */
  readonly crlCache: CrlCache;
  /** Observer: a CRL build is starting (tests watch when it starts). */
  readonly onCrlBuildStart: (projectId: string) => void;
  /** Runs inside the transaction of a change to a project's customer CAs (the alerts' hook). */
  readonly onCustomerCasChanged: CustomerCasChangedHook;
}

/** What an event records. */
export interface EventParams {
  type: EventType;
  orgId: string;
  projectId?: string;
  actor: Actor | "certgate";
  target?: string;
}

/** Appends an activity-feed event; call it with the transaction of the change it describes. Returns the event's id. */
export async function writeEvent(ctx: CoreContext, tx: Kysely<Database>, params: EventParams): Promise<string> {
  const id = newId();
  await recordEvent(tx, {
    id,
    org_id: params.orgId,
    project_id: params.projectId ?? null,
    event_type: params.type,
    actor: params.actor === "certgate" ? "certgate" : params.actor.label,
    target: params.target ?? null,
    created_at: ctx.clock.now().toISOString(),
  });
  return id;
}

/**
 * Bumps the project's change counter inside the transaction (for other instances) and returns the
 * notification to emit once the transaction has committed (for this one).
 */
export async function markChanged(tx: Kysely<Database>, change: ChangeEvent): Promise<ChangeEvent> {
  return { ...change, version: await bumpChangeCounter(tx, change.projectId) };
}

/**
 * Bumps the project's revocation counter inside the transaction of a change to what its CRLs list;
 * returns the new value, which the revoked records carry as their `revocation_seq`.
 */
export function markRevocationChange(tx: Kysely<Database>, projectId: string): Promise<number> {
  return bumpRevocationVersion(tx, projectId);
}
