/** The tables of the web UI's sign-in: sessions and the login lock-out, shared by every API instance. */

/** ui_sessions: one row per signed-in browser; the token itself is never stored. */
export interface UiSessionsTable {
  /** Hex SHA-256 of the session token the browser holds in its cookie. */
  token_hash: string;
  person_id: string;
  csrf_token: string;
  created_at: string;
  /** Written at most once a minute per session (`SessionUpkeep`), so it may lag the last request by that much. */
  last_seen_at: string;
}

/** ui_login_failures: one row per wrong password, keyed by the hash of the normalized email. */
export interface UiLoginFailuresTable {
  key_hash: string;
  failed_at: string;
}

/** ui_login_locks: emails (by hash) refused until `locked_until`. */
export interface UiLoginLocksTable {
  key_hash: string;
  locked_until: string;
}

/** The tables this file declares, merged into the store's `Database`. */
export interface UiSessionsDatabase {
  ui_sessions: UiSessionsTable;
  ui_login_failures: UiLoginFailuresTable;
  ui_login_locks: UiLoginLocksTable;
}
