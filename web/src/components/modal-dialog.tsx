import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";

/**
 * A modal dialog built on `<dialog>`, which keeps focus inside and closes on Escape natively.
 * With `onSubmit` the body is a form, so Enter submits it.
 */
export function ModalDialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer: ReactNode;
  /** Shown between the body and the footer, outside the scrolling body: always in view, next to the buttons. */
  status?: ReactNode;
  onSubmit?: () => void;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog?.addEventListener("cancel", onCancel);
    return () => dialog?.removeEventListener("cancel", onCancel);
  }, [onClose]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit?.();
  };

  const content = (
    <>
      <header className="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">{props.children}</div>
      {props.status ? <div className="dialog-status">{props.status}</div> : null}
      <footer className="dialog-footer">{props.footer}</footer>
    </>
  );

  return (
    <dialog ref={ref} className={props.wide ? "dialog dialog-wide" : "dialog"} aria-labelledby={titleId}>
      {props.onSubmit ? <form onSubmit={submit} noValidate>{content}</form> : content}
    </dialog>
  );
}
