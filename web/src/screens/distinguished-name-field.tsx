import { useEffect, useId, useState } from "react";
import { errorMessage } from "../api/api-request-error.js";
import { checkDistinguishedName } from "../api/dn-api.js";
import { useDebounced } from "../lib/use-debounced.js";

/** Where the live check of a DN stands. */
export type DnStatus =
  | { state: "empty" }
  | { state: "checking" }
  | { state: "valid"; canonical: string; warning?: string }
  | { state: "invalid"; reason: string };

/**
 * The Distinguished Name of a self-managed X.509 user, checked as the person types by the server's DN
 * parser (mongod's RFC 4514 rules), which also shows the canonical form certgate will store.
 */
export function DistinguishedNameField(props: { value: string; onChange: (value: string) => void; onStatus: (status: DnStatus) => void }) {
  const inputId = useId();
  const helpId = useId();
  const statusId = useId();
  const debounced = useDebounced(props.value.trim(), 300);
  const [status, setStatus] = useState<DnStatus>({ state: "empty" });
  const { onStatus } = props;

  useEffect(() => {
    let cancelled = false;
    const update = (next: DnStatus) => {
      if (cancelled) return;
      setStatus(next);
      onStatus(next);
    };
    if (!debounced) {
      update({ state: "empty" });
      return;
    }
    update({ state: "checking" });
    checkDistinguishedName(debounced).then(
      (result) =>
        update(
          result.valid
            ? { state: "valid", canonical: result.canonical, ...(result.warning === undefined ? {} : { warning: result.warning }) }
            : { state: "invalid", reason: result.reason },
        ),
      (err: unknown) => update({ state: "invalid", reason: errorMessage(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [debounced, onStatus]);

  const stale = props.value.trim() !== debounced;
  const invalid = !stale && status.state === "invalid";
  return (
    <div className="field">
      <label className="field-label" htmlFor={inputId}>
        Distinguished Name
      </label>
      <input
        id={inputId}
        className="input-mono"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder="CN=Jane Doe,O=MongoDB,C=US"
        aria-invalid={invalid}
        aria-describedby={`${helpId} ${statusId}`}
        autoComplete="off"
        spellCheck={false}
      />
      <p id={helpId} className="field-help">
        The user&apos;s Common Name (CN) and optionally more Distinguished Name fields, as in RFC 2253. It must match the subject of the
        certificates your CA issues to this user.
      </p>
      <p id={statusId} className={invalid ? "field-error" : "field-status"} aria-live="polite">
        {stale || status.state === "checking" ? (props.value.trim() ? "Checking…" : "") : null}
        {!stale && status.state === "valid" ? (
          <>
            <span aria-hidden="true">✓ </span>Valid. Stored as <code>{status.canonical}</code>
          </>
        ) : null}
        {invalid && status.state === "invalid" ? status.reason : null}
      </p>
      {!stale && status.state === "valid" && status.warning !== undefined ? (
        <p className="field-warning" role="alert">
          {status.warning}
        </p>
      ) : null}
    </div>
  );
}
