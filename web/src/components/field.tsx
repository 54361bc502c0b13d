import { useId, type ReactNode } from "react";

/**
 * A labelled form control. The label points at the control with `htmlFor` instead of wrapping it, so
 * the control's accessible name is exactly the label (a wrapped control's own value would join it).
 */
export function Field(props: { label: string; inline?: boolean; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={props.inline ? "field field-inline" : "field"}>
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      {props.children(id)}
    </div>
  );
}
