/** Plain-text tables for `--output table`: a header row and columns padded to their widest cell. */

/** One column: its heading and how a row shows in it. */
export interface Column<T> {
  header: string;
  cell: (row: T) => string;
}

/** Renders `rows` under `columns`, three spaces between columns, no trailing blanks, ending in a newline. */
export function renderTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => oneLine(c.cell(r))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] as string).length)));
  return cells.map((line) => line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] as number))).join("   ").trimEnd()).join("\n") + "\n";
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
