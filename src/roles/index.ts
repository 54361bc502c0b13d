/**
 * The role and action vocabulary, shared by every face of certgate: which built-in roles exist and where
 * they may be granted, mongod's privilege actions, and Atlas's custom-role actions with what each grants.
 *
 * Design principles:
 * 1. One list drives type and check: core validation, the gateway's role compiler, the web UI and the CLI
 *    import these lists instead of keeping their own.
 * 2. A leaf: it imports nothing, so any layer (and the web UI's bundle) may use it.
 * 3. Total over the API: every action the API accepts has an entry saying what it grants, possibly nothing.
 */
export * from "./builtin-role-names.js";
export * from "./custom-role-actions.js";
export * from "./mongod-actions.js";
