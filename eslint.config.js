import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layerRules, SQL_OUTSIDE_STORE } from "./eslint-layers.js";

/** Selectors that keep tests honest: nothing focused, skipped or left as a todo. */
const TEST_HYGIENE = [
  { selector: "CallExpression[callee.property.name='only']", message: "no focused tests" },
  { selector: "CallExpression[callee.property.name='skip']", message: "no skipped tests" },
  { selector: "CallExpression[callee.property.name='todo']", message: "no todo tests" },
];

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
    rules: { "no-restricted-syntax": ["error", ...TEST_HYGIENE, ...SQL_OUTSIDE_STORE] },
  },
  ...layerRules(),
);
