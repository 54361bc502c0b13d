import { useState } from "react";
import { errorMessage } from "../api/api-request-error.js";

/** What {@link useSubmit} hands a form: its progress, its error text, and the function that runs it. */
export interface Submission<A extends unknown[]> {
  /** True from the start of `submit` until the action fails (or succeeds, with `idleAfterSuccess`). */
  busy: boolean;
  /** The message of the last failure, or one the form set itself (e.g. a validation error). */
  error: string | undefined;
  /** Clears the error, marks the form busy and runs the action with `args`. */
  submit: (...args: A) => Promise<void>;
  /** Shows a message of the form's own, e.g. when a field is invalid and the action is not run. */
  setError: (message: string | undefined) => void;
}

/**
 * Runs a form's `action` with the busy flag and error text every dialog needs. A failure shows the
 * error's message and makes the form usable again. A success leaves the form busy by default, because the
 * action usually closes the dialog or navigates away; `idleAfterSuccess` is for forms that stay on screen.
 * Validation belongs before `submit`: pass the validated values as arguments.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>, options: { idleAfterSuccess?: boolean } = {}): Submission<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
      return;
    }
    if (options.idleAfterSuccess) setBusy(false);
  };

  return { busy, error, submit, setError };
}
