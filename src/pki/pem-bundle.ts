/**
 * Reading a concatenation of PEM blocks (RFC 7468) leniently, the way operators paste them.
 *
 * Tolerated: CRLF or CR line ends, a UTF-8 byte-order mark, blank lines, indentation, text between blocks
 * (for example the output of `openssl x509 -text`) and RFC 1421 header lines (`Proc-Type: ...`) at the top
 * of a block. Everything else that stops a block from being read is reported as a {@link PemProblem},
 * never thrown, so a caller can show every problem at once. Which labels are acceptable is not decided
 * here: a `PRIVATE KEY` block is returned like any other, and the caller decides what to do with it
 * (the customer CA validation in `ca-bundle.ts` refuses it, since a key is a secret certgate must not
 * store).
 */

/** Inputs larger than this many bytes are refused before any parsing work (1 MiB, ~500 certificates). */
export const PEM_BUNDLE_MAX_BYTES = 1024 * 1024;

/** Why (part of) an input could not be read as PEM. */
export const PEM_PROBLEM_CODES = [
  "EMPTY_INPUT",
  "INPUT_TOO_LARGE",
  "BINARY_INPUT",
  "NO_PEM_BLOCK",
  "UNTERMINATED_BLOCK",
  "MISMATCHED_LABEL",
  "ORPHAN_END_LINE",
  "BAD_BASE64",
  "TRUNCATED_BASE64",
  "EMPTY_BLOCK",
] as const;

export type PemProblemCode = (typeof PEM_PROBLEM_CODES)[number];

/** One block that was read completely. */
export interface PemBlock {
  /** 1-based ordinal of the block among all `BEGIN` lines of the input, readable or not. */
  readonly position: number;
  /** The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`. */
  readonly label: string;
  /** 1-based line number of the `BEGIN` line. */
  readonly line: number;
  /** The decoded body. */
  readonly der: Uint8Array;
}

/** A problem found while reading; `position` is set when it concerns one block. */
export interface PemProblem {
  readonly code: PemProblemCode;
  readonly message: string;
  readonly position?: number;
  readonly label?: string;
}

/** Everything that was read from one input. */
export interface PemBundle {
  readonly blocks: PemBlock[];
  readonly problems: PemProblem[];
}

const BEGIN_LINE = /^-----BEGIN ([^-]+)-----$/;
const END_LINE = /^-----END ([^-]*)-----$/;
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:/;

/** Renders a Uint8Array as PEM text with 64-character lines and LF line ends. */
export function encodePem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Reads every PEM block of `input`; see the module comment for what is tolerated. */
export function parsePemBundle(input: string | Uint8Array): PemBundle {
  const text = decodeInput(input);
  if (typeof text !== "string") return { blocks: [], problems: [text] };
  return readBlocks(text);
}

function decodeInput(input: string | Uint8Array): string | PemProblem {
  // Checked first, on the cheapest measure available, so oversized input costs no parsing work.
  const size = typeof input === "string" ? input.length : input.byteLength;
  if (size > PEM_BUNDLE_MAX_BYTES || (typeof input === "string" && Buffer.byteLength(input) > PEM_BUNDLE_MAX_BYTES)) {
    return {
      code: "INPUT_TOO_LARGE",
      message: `the input is larger than the limit of ${PEM_BUNDLE_MAX_BYTES} bytes (1 MiB); a CA bundle is a few kilobytes`,
    };
  }
  let text: string;
  if (typeof input === "string") {
    text = input;
  } else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      return binaryProblem(input[0]);
    }
  }
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.trim() === "") {
    return {
      code: "EMPTY_INPUT",
      message: text === "" ? "the input is empty" : "the input contains only whitespace",
    };
  }
  if (hasControlCharacter(text)) return binaryProblem(text.charCodeAt(0));
  return text;
}

// Control characters other than tab and line ends never occur in PEM or in the text around it; their
// presence means binary data such as DER.
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) return true;
  }
  return false;
}

function binaryProblem(firstByte: number | undefined): PemProblem {
  const der = firstByte === 0x30;
  return {
    code: "BINARY_INPUT",
    message: der
      ? "the input is binary and looks DER-encoded; convert it to PEM first, e.g. `openssl x509 -inform DER -in ca.der -out ca.pem`"
      : "the input is binary data, not PEM text",
  };
}

interface OpenBlock {
  position: number;
  label: string;
  line: number;
  body: string[];
  bodyStarted: boolean;
}

function readBlocks(text: string): PemBundle {
  const blocks: PemBlock[] = [];
  const problems: PemProblem[] = [];
  let open: OpenBlock | undefined;
  let position = 0;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    const begin = BEGIN_LINE.exec(line);
    if (begin) {
      if (open) problems.push(unterminated(open, `a new BEGIN line starts at line ${lineNo}`));
      position += 1;
      open = { position, label: begin[1]!.trim(), line: lineNo, body: [], bodyStarted: false };
      return;
    }
    const end = END_LINE.exec(line);
    if (end) {
      const label = end[1]!.trim();
      if (!open) {
        problems.push({
          code: "ORPHAN_END_LINE",
          message: `line ${lineNo}: "END ${label}" has no matching BEGIN line before it`,
        });
      } else if (label !== open.label) {
        problems.push({
          code: "MISMATCHED_LABEL",
          position: open.position,
          label: open.label,
          message: `${describe(open)} starts with "BEGIN ${open.label}" but ends with "END ${label}" at line ${lineNo}`,
        });
      } else {
        const result = decodeBody(open);
        if ("der" in result) blocks.push(result);
        else problems.push(result);
      }
      open = undefined;
      return;
    }
    if (!open || line === "") return;
    if (!open.bodyStarted && HEADER_LINE.test(line)) return;
    open.bodyStarted = true;
    open.body.push(line);
  });
  if (open) problems.push(unterminated(open, "the input ends first; it may have been cut off"));
  if (position === 0) problems.push(noBlockProblem(text));
  return { blocks, problems };
}

function describe(block: { position: number; label: string; line: number }): string {
  return `block ${block.position} (${block.label}, line ${block.line})`;
}

function unterminated(open: OpenBlock, why: string): PemProblem {
  return {
    code: "UNTERMINATED_BLOCK",
    position: open.position,
    label: open.label,
    message: `${describe(open)} has no "END ${open.label}" line: ${why}`,
  };
}

function decodeBody(open: OpenBlock): PemBlock | PemProblem {
  const where = { position: open.position, label: open.label };
  for (const [offset, line] of open.body.entries()) {
    if (!BASE64_LINE.test(line)) {
      return { ...where, code: "BAD_BASE64", message: `${describe(open)}: ${badLineReason(line, offset + 1)}` };
    }
  }
  const base64 = open.body.join("");
  if (base64 === "") {
    return { ...where, code: "EMPTY_BLOCK", message: `${describe(open)} has no content between its BEGIN and END lines` };
  }
  const padding = base64.indexOf("=");
  if (padding !== -1 && padding < base64.length - 2) {
    return { ...where, code: "BAD_BASE64", message: `${describe(open)}: base64 padding "=" appears before the end of the body` };
  }
  if (base64.length % 4 !== 0) {
    return {
      ...where,
      code: "TRUNCATED_BASE64",
      message: `${describe(open)}: the base64 body is ${base64.length} characters, not a multiple of 4; it was probably cut short`,
    };
  }
  return { position: open.position, label: open.label, line: open.line, der: new Uint8Array(Buffer.from(base64, "base64")) };
}

/**
 * Why one line inside a block is not PEM, in the words of someone who copied it: the usual causes are
 * line breaks turned into spaces, text typed into the block, or a mangled copy.
 */
function badLineReason(line: string, lineNo: number): string {
  const where = `line ${lineNo} inside the block`;
  if (/\s/.test(line)) {
    return `${where} contains spaces, so this is not the file as it was written; the line breaks were probably replaced by spaces when it was copied. Paste the PEM file's text unchanged, one 64-character line after another`;
  }
  if (line.includes("=") && !/={1,2}$/.test(line)) {
    return `${where} has "=" in the middle; only the last line may end with "=". The text was probably edited or joined from two files`;
  }
  const bad = [...line].find((c) => !/[A-Za-z0-9+/=]/.test(c)) ?? "=";
  return `${where} contains ${JSON.stringify(bad)}, which never appears in a PEM file's encoded lines (only letters, digits, "+", "/" and a final "="); the text was changed after it was written, or is not PEM`;
}

function noBlockProblem(text: string): PemProblem {
  const hint = text.includes("-----BEGIN ")
    ? ': "-----BEGIN" appears but not on a line of its own; were the line breaks lost or written as a literal "\\n"?'
    : ": expected lines such as -----BEGIN CERTIFICATE-----";
  return { code: "NO_PEM_BLOCK", message: `the input holds no PEM block${hint}` };
}
