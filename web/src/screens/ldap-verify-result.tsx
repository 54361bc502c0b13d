import type { LdapVerifyJob } from "../api/ldap-api.js";

/** What a verify check is called in the result, in words. */
const CHECK_NAMES: Record<string, string> = {
  CONNECT: "Connect",
  AUTHENTICATE: "Bind",
  PARSE_AUTHZ_QUERY: "Parse the query template",
  QUERY_SERVER: "Run the query",
};

/**
 * The outcome of LDAP Verify as a success or failure banner: the failed check and its reason (for
 * example "cannot reach host:636: connect ECONNREFUSED"), then every check that ran with its status.
 */
export function LdapVerifyResult(props: { job: LdapVerifyJob }) {
  const { job } = props;
  const failed = job.validations.find((v) => v.status !== "OK");
  const ok = job.status === "SUCCESS";
  return (
    <div className={`banner ${ok ? "banner-success" : "banner-error"}`} role="status" aria-label="Verification">
      <strong>{ok ? "Verification succeeded" : `Verification failed${failed ? ` at “${CHECK_NAMES[failed.validationType] ?? failed.validationType}”` : ""}`}</strong>
      {failed?.reason ? <div className="pre-wrap">{failed.reason}</div> : null}
      <ul className="check-list" aria-label="Checks">
        {job.validations.map((v) => (
          <li key={v.validationType} aria-label={`${v.validationType} ${v.status}`}>
            {v.status === "OK" ? "✓" : "✗"} {CHECK_NAMES[v.validationType] ?? v.validationType}
          </li>
        ))}
      </ul>
    </div>
  );
}
