import type { ReactNode } from "react";

/** The styles a dialog's submit button comes in. */
export const SUBMIT_VARIANTS = ["primary", "danger"] as const;
export type SubmitVariant = (typeof SUBMIT_VARIANTS)[number];

/**
 * A dialog's footer: Cancel, any extra buttons (`children`), then the submit button, which shows
 * `busyLabel` and is disabled while `busy` (and whenever `disabled`).
 */
export function DialogFooter(props: {
  onCancel: () => void;
  label: string;
  busyLabel: string;
  busy: boolean;
  variant?: SubmitVariant;
  disabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      <button type="button" className="button" onClick={props.onCancel}>
        Cancel
      </button>
      {props.children}
      <button type="submit" className={`button button-${props.variant ?? "primary"}`} disabled={props.busy || (props.disabled ?? false)}>
        {props.busy ? props.busyLabel : props.label}
      </button>
    </>
  );
}
