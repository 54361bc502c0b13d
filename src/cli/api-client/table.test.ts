import { test } from "node:test";
import assert from "node:assert/strict";
import { renderTable } from "./table.js";

test("renderTable pads columns to their widest cell, keeps cells on one line and leaves no trailing blanks", () => {
  const rows = [
    { n: "alice", d: "$external", r: "" },
    { n: "CN=bob,O=Acme", d: "admin", r: "read@a\nwrite@b" },
  ];
  const text = renderTable(
    [
      { header: "NAME", cell: (x: (typeof rows)[number]) => x.n },
      { header: "DB", cell: (x) => x.d },
      { header: "ROLES", cell: (x) => x.r },
    ],
    rows,
  );
  assert.equal(text, ["NAME            DB          ROLES", "alice           $external", "CN=bob,O=Acme   admin       read@a write@b", ""].join("\n"));
  assert.equal(renderTable([{ header: "ID", cell: (x: string) => x }], []), "ID\n");
});
