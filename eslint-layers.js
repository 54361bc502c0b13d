/**
 * The layering of src/ (README "Layout", docs/architecture.md) as lint rules: each top-level folder may
 * import only the folders listed for it, so an import that points the wrong way is a lint error.
 * Tests (`*.test.ts`) are exempt: they may reach into any layer to set up real parts.
 */

/** For each folder of src/, the other folders of src/ its code may import. */
export const LAYERS = {
  shared: [],
  roles: [],
  pki: ["shared"],
  store: ["shared"],
  ldap: ["shared", "roles", "pki"],
  core: ["shared", "roles", "pki", "store", "ldap"],
  alerts: ["shared", "roles", "pki", "store", "core"],
  api: ["shared", "roles", "pki", "core", "alerts"],
  gateway: ["shared", "roles", "pki", "core", "ldap"],
  server: ["shared", "roles", "pki", "store", "ldap", "core", "alerts", "api", "gateway"],
  cli: ["shared", "roles", "pki", "server"],
};

/** Layers a folder may take types from, though not code: the CLI shares the API's resource types with the core. */
const TYPES_ONLY = { cli: ["core"] };

/** What the web UI may share with the server: vocabulary and pure rules, never server code. */
const WEB_MAY_IMPORT = ["shared", "roles", "core"];

const MAX_DEPTH = 6;

/** Only the store speaks SQL: elsewhere Kysely may be named as a type (a transaction passed through), never used. */
const SQL_HOME = "store";
const KYSELY_CODE = {
  name: "kysely",
  allowTypeImports: true,
  message: "SQL lives in src/store/ only: add a repository function there (docs/architecture.md).",
};

/** Kysely's query-builder entry points: calling one outside src/store/ is writing SQL outside the store. */
export const SQL_OUTSIDE_STORE = [
  {
    selector: "CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|withRecursive|executeQuery)$/]",
    message: "SQL lives in src/store/ only: add a repository function there (docs/architecture.md).",
  },
];

function restrict(files, forbidden, prefixFor, where, typesOnly = [], kysely = true) {
  const pattern = (layers, extra) => ({
    regex: `^${prefixFor}(${layers.join("|")})(/|$)`,
    message: `${where} may not import ${extra ? "code" : "anything"} from this layer (see LAYERS in eslint-layers.js and docs/architecture.md).`,
    ...(extra ? { allowTypeImports: true } : {}),
  });
  const codeAndTypes = forbidden.filter((f) => !typesOnly.includes(f));
  return {
    files,
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      // typescript-eslint's version of the rule, for `allowTypeImports`.
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: kysely ? [KYSELY_CODE] : [],
          patterns: [...(codeAndTypes.length > 0 ? [pattern(codeAndTypes, false)] : []), ...(typesOnly.length > 0 ? [pattern(typesOnly, true)] : [])],
        },
      ],
    },
  };
}

/** One config block per folder and nesting depth, so each relative import is resolved exactly. */
export function layerRules() {
  const folders = Object.keys(LAYERS);
  const blocks = [];
  for (const [folder, allowed] of Object.entries(LAYERS)) {
    const forbidden = folders.filter((f) => f !== folder && !allowed.includes(f));
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const files = [`src/${folder}/${"*/".repeat(depth - 1)}*.ts`];
      blocks.push(restrict(files, forbidden, `(\\.\\./){${depth}}`, `src/${folder}/`, TYPES_ONLY[folder] ?? [], folder !== SQL_HOME));
    }
  }
  const webForbidden = folders.filter((f) => !WEB_MAY_IMPORT.includes(f));
  blocks.push(restrict(["web/src/**/*.{ts,tsx}"], webForbidden, "(\\.\\./)+src/", "web/"));
  return blocks;
}
