import { useId, useRef, useState, type ChangeEvent } from "react";
import { errorMessage } from "../api/api-request-error.js";
import { saveCustomerCas } from "../api/user-security-api.js";
import { FormDialog } from "../components/form-dialog.js";
import { PemTextarea } from "../components/pem-textarea.js";
import { useSubmit } from "../lib/use-submit.js";

/**
 * The CA dialog of Self-Managed X.509 Authentication: upload .pem files or paste PEM text (several CAs
 * may be concatenated), then Save. The server validates every certificate; its answer names each bad
 * one by position and subject and is shown beside the text area.
 */
export function CaDialog(props: { groupId: string; currentCas: string; onClose: () => void; onSaved: () => void }) {
  const [pem, setPem] = useState(props.currentCas);
  const [loaded, setLoaded] = useState<string[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const textId = useId();
  const helpId = useId();
  const errorId = useId();

  const { busy, error, submit, setError } = useSubmit(async () => {
    await saveCustomerCas(props.groupId, pem);
    props.onSaved();
    props.onClose();
  });

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = "";
    try {
      const texts = await Promise.all(files.map((file) => file.text()));
      setPem((current) => [current.trimEnd(), ...texts.map((t) => t.trim())].filter(Boolean).join("\n") + "\n");
      setLoaded((names) => [...names, ...files.map((f) => f.name)]);
      setError(undefined);
    } catch (err) {
      setError(`Could not read the file: ${errorMessage(err)}`);
    }
  };

  const save = () => {
    if (!pem.trim()) {
      setError("Upload a .pem file or paste at least one PEM-encoded CA certificate.");
      return;
    }
    void submit();
  };

  return (
    <FormDialog title="Self-Managed X.509 Authentication" label="Save" busyLabel="Saving…" busy={busy} onSubmit={save} onClose={props.onClose}>
      <p>Provide the PEM-encoded certificates of the Certificate Authorities that issue your database users&apos; certificates.</p>
      <div className="inline-form">
        <button type="button" className="button" onClick={() => fileInput.current?.click()}>
          Upload
        </button>
        <input ref={fileInput} type="file" accept=".pem,.crt,.cer,application/x-pem-file" multiple hidden onChange={upload} aria-label="CA certificate file" />
        {loaded.length > 0 ? <span className="muted">Added {loaded.join(", ")}</span> : <span className="muted">a .pem file from your computer, or paste below</span>}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={textId}>
          Certificate Authority (PEM)
        </label>
        <PemTextarea id={textId} rows={12} label="CERTIFICATE" value={pem} onChange={setPem} invalid={Boolean(error)} describedBy={error ? `${errorId} ${helpId}` : helpId} />
        <p id={helpId} className="field-help">
          You can concatenate several CAs. Users can authenticate with certificates issued by any of them. Saving creates an alert 30 days before a CA expires.
        </p>
        {error ? (
          <div id={errorId} className="field-error pre-wrap" role="alert">
            {error}
          </div>
        ) : null}
      </div>
    </FormDialog>
  );
}
