/** Options that take a list, as the Atlas CLI's do: comma separated, repeated, or both. */

/** The commander argument parser of such an option: appends the comma-separated values of each use. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((v) => v.trim()).filter((v) => v !== "")];
}
