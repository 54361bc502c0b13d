/**
 * Finds a group with alternatives that is repeated without a small bound, such as `(a|aa)+`,
 * `(?:x|y)*` or `(a|b){2,}`. When two alternatives can match the same text, a backtracking engine tries
 * every way of splitting the input among them: exponential work on a near-miss, which `safe-regex2`
 * (it judges star height only) does not catch. Whether alternatives overlap is not decided here: any
 * alternation under an unbounded repetition counts, which is conservative but cheap and predictable.
 */

/** The largest repetition count of a repeated alternation still accepted (`(a|b){0,8}`). */
const MAX_BOUNDED_REPEAT = 8;

/** Index just past a character class starting at `start` (`[`), escapes and a leading `]` included. */
function skipClass(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === "^") i++;
  if (source[i] === "]") i++;
  for (; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === "]") return i + 1;
  }
  return source.length;
}

/** The quantifier at `i` when it allows more than {@link MAX_BOUNDED_REPEAT} repetitions, else undefined. */
function unboundedQuantifier(source: string, i: number): string | undefined {
  const next = source[i];
  if (next === "*" || next === "+") return next;
  if (next !== "{") return undefined;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
  if (braces === null) return undefined;
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] === "" ? Number.POSITIVE_INFINITY : Number(braces[3]);
  return max > MAX_BOUNDED_REPEAT ? braces[0] : undefined;
}

/**
 * The source text of the first group in `source` (a JavaScript regular expression's source) that has
 * alternatives, at its own level or in a group inside it, and is repeated more than {@link MAX_BOUNDED_REPEAT} times, if any.
 */
export function repeatedAlternation(source: string): string | undefined {
  const open: Array<{ start: number; alternates: boolean }> = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
    } else if (c === "[") {
      i = skipClass(source, i) - 1;
    } else if (c === "(") {
      open.push({ start: i, alternates: false });
    } else if (c === "|") {
      const group = open[open.length - 1];
      if (group !== undefined) group.alternates = true;
    } else if (c === ")") {
      const group = open.pop();
      const parent = open[open.length - 1];
      if (group?.alternates === true && parent !== undefined) parent.alternates = true;
      const quantifier = group?.alternates === true ? unboundedQuantifier(source, i + 1) : undefined;
      if (group !== undefined && quantifier !== undefined) return source.slice(group.start, i + 1 + quantifier.length);
    }
  }
  return undefined;
}
