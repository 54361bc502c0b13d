import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layerRules, SQL_OUTSIDE_STORE } from "./eslint-layers.js";

/** Selectors that keep tests honest: nothing focused, skipped or left as a todo. */
const TEST_HYGIENE = [
  { selector: "CallExpression[callee.property.name='only']", message: "no focused tests" },
  { selector: "CallExpression[callee.property.name='skip']", message: "no skipped tests" },
  { selector: "CallExpression[callee.property.name='todo']", message: "no todo tests" },
];

/** A route reads its request through the types its schemas give it (src/api/request-type-provider.ts), never a cast. */
const REQUEST_CASTS = [
  {
    selector: "TSAsExpression > MemberExpression.expression[object.name='request'][property.name=/^(params|query|body)$/]",
    message: "type the route's request from its TypeBox schemas (src/api/request-type-provider.ts) instead of casting it",
  },
];

const NO_SLEEP =
  "no fixed sleeps in tests: wait for an event, move an injected clock (src/shared/clock.ts) or poll a condition with eventually (test/gateway/support/eventually.ts)";

/** A test that waits a fixed time and then asserts is a race: these are the ways of writing such a wait. */
export const TEST_SLEEPS = [
  { selector: "ImportDeclaration[source.value=/^(node:)?timers\\u002Fpromises$/]", message: NO_SLEEP },
  { selector: "NewExpression[callee.name='Promise'] > :function > CallExpression[callee.name='setTimeout']", message: NO_SLEEP },
  { selector: "NewExpression[callee.name='Promise'] > :function > BlockStatement > ExpressionStatement > CallExpression[callee.name='setTimeout']", message: NO_SLEEP },
  { selector: "CallExpression[callee.property.name='waitForTimeout']", message: NO_SLEEP },
];

/** Test code: under test/, and the unit tests beside the source. */
const TEST_FILES = ["test/**/*.ts", "**/*.test.ts", "**/*.test.tsx"];

/** The one place a test may wait between polls of a condition. */
const POLLING_HELPER = "test/gateway/support/eventually.ts";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "web/dist/", "data/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The web UI runs in the browser: its globals, not Node's.
    files: ["web/**/*.{ts,tsx}"],
    languageOptions: {
      globals: { window: "readonly", document: "readonly", navigator: "readonly", fetch: "readonly", URL: "readonly", URLSearchParams: "readonly", Blob: "readonly", Event: "readonly", setTimeout: "readonly", clearTimeout: "readonly", console: "readonly" },
    },
  },
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", ...TEST_HYGIENE],
    },
  },
  {
    // SQL lives in the store (the layering's other half; eslint-layers.js).
    files: ["src/**/*.ts"],
    ignores: ["src/store/**", "**/*.test.ts"],
    rules: { "no-restricted-syntax": ["error", ...TEST_HYGIENE, ...SQL_OUTSIDE_STORE, ...REQUEST_CASTS] },
  },
  {
    files: TEST_FILES,
    ignores: [POLLING_HELPER],
    rules: { "no-restricted-syntax": ["error", ...TEST_HYGIENE, ...TEST_SLEEPS] },
  },
  ...layerRules(),
);
