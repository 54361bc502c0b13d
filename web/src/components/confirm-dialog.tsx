import { useState } from "react";
import { errorMessage } from "../api/api-request-error.js";
import { ErrorBanner } from "./error-banner.js";
import { ModalDialog } from "./modal-dialog.js";

/** Asks before a destructive action; runs `onConfirm` and shows its error inline if it fails. */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <ModalDialog
      title={props.title}
      onClose={props.onClose}
      onSubmit={confirm}
      footer={
        <>
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy}>
            {busy ? "Working…" : props.confirmLabel}
          </button>
        </>
      }
    >
      <p>{props.message}</p>
      {error ? <ErrorBanner message={error} /> : null}
    </ModalDialog>
  );
}
