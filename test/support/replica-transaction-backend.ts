// A test Backend that plays a replica-set member for multi-document transactions, over the real
// wire behind op-msg-test-server.ts. It records every command exactly as it arrived and keeps,
// per upstream session, the state of its newest transaction as mongod does: `startTransaction`
// opens transaction `txnNumber`, later statements must carry the same number, commit and abort end
// it, and a statement or commit for a transaction it doesn't have gets NoSuchTransaction (251)
// with the TransientTransactionError label. CRUD runs on the wrapped (embedded) backend at once;
// abort removes the documents the transaction inserted, which is all the rollback the tests need.
// This checks the forwarding protocol, not isolation.
import type { Binary, Document } from "bson";
import { sessionKey, type Backend, type RunCommandParams } from "../../src/gateway/backends/backend.js";

type TransactionState = "inProgress" | "committed" | "aborted";

interface SessionTransaction {
  readonly txnNumber: string;
  state: TransactionState;
  readonly inserted: Array<{ db: string; collection: string; id: unknown }>;
}

/** Fields a standalone embedded backend refuses or has no use for. */
const SESSION_FIELDS = ["txnNumber", "autocommit", "startTransaction", "recoveryToken"];

function noSuchTransaction(txnNumber: string): Document {
  return {
    ok: 0,
    errmsg: `Given transaction number ${txnNumber} does not match any in-progress transactions.`,
    code: 251,
    codeName: "NoSuchTransaction",
    errorLabels: ["TransientTransactionError"],
  };
}

/** Records commands and answers transaction commands like a replica-set member. */
export class ReplicaTransactionBackend implements Backend {
  /** Every command received, in order, as decoded from the wire. */
  readonly received: Document[] = [];
  readonly #inner: Backend;
  readonly #transactions = new Map<string, SessionTransaction>();

  constructor(inner: Backend) {
    this.#inner = inner;
  }

  /** The received commands named `names`, in order. */
  named(...names: string[]): Document[] {
    return this.received.filter((command) => names.includes(Object.keys(command)[0] ?? ""));
  }

  async runCommand(params: RunCommandParams): Promise<Document> {
    const { command, context } = params;
    this.received.push(command);
    const name = Object.keys(command)[0] ?? "";
    if (command.txnNumber === undefined || command.autocommit === undefined) return this.#delegate(params);
    const lsid = command.lsid as { id?: Binary } | undefined;
    if (lsid?.id === undefined) return { ok: 0, errmsg: "Transaction number requires a session ID to also be specified", code: 72, codeName: "InvalidOptions" };
    const key = sessionKey(lsid as { id: Binary });
    const txnNumber = String(command.txnNumber);
    const current = this.#transactions.get(key);
    const known = current?.txnNumber === txnNumber ? current : undefined;
    if (name === "commitTransaction") {
      if (known === undefined || known.state === "aborted") return noSuchTransaction(txnNumber);
      known.state = "committed";
      return { ok: 1 };
    }
    if (name === "abortTransaction") {
      if (known === undefined || known.state === "aborted") return noSuchTransaction(txnNumber);
      if (known.state === "committed") return { ok: 0, errmsg: `Transaction ${txnNumber} has been committed.`, code: 256, codeName: "TransactionCommitted" };
      known.state = "aborted";
      for (const { db, collection, id } of known.inserted) {
        await this.#inner.runCommand({ command: { delete: collection, deletes: [{ q: { _id: id }, limit: 1 }], $db: db }, context: { ...context, db } });
      }
      return { ok: 1 };
    }
    let transaction = known;
    if (command.startTransaction === true) {
      transaction = { txnNumber, state: "inProgress", inserted: [] };
      this.#transactions.set(key, transaction);
    }
    if (transaction?.state !== "inProgress") return noSuchTransaction(txnNumber);
    const reply = await this.#delegate(params);
    if (name === "insert" && Number(reply.ok) === 1 && Array.isArray(command.documents)) {
      for (const doc of command.documents as Document[]) transaction.inserted.push({ db: context.db, collection: String(command.insert), id: doc._id });
    }
    return reply;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #delegate({ command, context }: RunCommandParams): Promise<Document> {
    const plain: Document = {};
    for (const [field, value] of Object.entries(command)) if (!SESSION_FIELDS.includes(field)) plain[field] = value;
    return this.#inner.runCommand({ command: plain, context });
  }
}
