import { useState } from "react";

/** A block of text to copy (a command, a connection string), with a Copy button. */
export function CopyableCode(props: { label: string; text: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | undefined>();
  const copy = () => {
    navigator.clipboard.writeText(props.text).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };
  return (
    <div className="copyable">
      <div className="copyable-header">
        <span className="field-label">{props.label}</span>
        <button type="button" className="button button-small" onClick={copy} aria-label={`Copy ${props.label}`}>
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
      </div>
      <pre className="code-block" tabIndex={0} aria-label={props.label}>
        <code>{props.text}</code>
      </pre>
      {copied === "failed" ? (
        <p className="field-error" role="alert">
          The browser refused to copy; select the text and copy it by hand.
        </p>
      ) : null}
    </div>
  );
}
