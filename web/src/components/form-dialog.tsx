import type { ReactNode } from "react";
import { DialogFooter } from "./dialog-footer.js";
import { ModalDialog } from "./modal-dialog.js";

/**
 * A wide modal form: its body, then Cancel and a submit button labelled `label` (`busyLabel` while
 * `busy`). Enter or the button calls `onSubmit`; Cancel and Escape call `onClose`.
 */
export function FormDialog(props: { title: string; label: string; busyLabel: string; busy: boolean; onSubmit: () => void; onClose: () => void; children: ReactNode }) {
  const { onClose } = props;
  return (
    <ModalDialog title={props.title} wide onClose={onClose} onSubmit={props.onSubmit} footer={<DialogFooter onCancel={onClose} label={props.label} busyLabel={props.busyLabel} busy={props.busy} />}>
      {props.children}
    </ModalDialog>
  );
}
