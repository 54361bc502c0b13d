/** Offers `text` to the browser as a file download named `fileName`; nothing is kept afterwards. */
export function downloadTextFile(fileName: string, text: string, mimeType = "application/x-pem-file"): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = "noopener";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke on the next turn: Chromium reads the blob after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name safe on every OS for a user's certificate: `jane-doe.pem`. */
export function certificateFileName(username: string): string {
  const base = username.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "certificate";
  return `${base}.pem`;
}
