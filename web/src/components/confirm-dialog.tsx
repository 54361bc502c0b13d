import { useSubmit } from "../lib/use-submit.js";
import { DialogFooter } from "./dialog-footer.js";
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
  const { busy, error, submit } = useSubmit(async () => {
    await props.onConfirm();
    props.onClose();
  });

  return (
    <ModalDialog
      title={props.title}
      onClose={props.onClose}
      onSubmit={submit}
      footer={<DialogFooter onCancel={props.onClose} label={props.confirmLabel} busyLabel="Working…" busy={busy} variant="danger" />}
    >
      <p>{props.message}</p>
      {error ? <ErrorBanner message={error} /> : null}
    </ModalDialog>
  );
}
