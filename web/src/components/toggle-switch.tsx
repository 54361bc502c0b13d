/** An on/off switch announced as a switch, operable with Space and Enter like any button. */
export function ToggleSwitch(props: { label: string; checked: boolean; disabled?: boolean; onChange: (next: boolean) => void; id?: string }) {
  return (
    <button
      id={props.id}
      type="button"
      role="switch"
      aria-checked={props.checked}
      aria-label={props.label}
      className={props.checked ? "switch switch-on" : "switch"}
      disabled={props.disabled}
      onClick={() => props.onChange(!props.checked)}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text" aria-hidden="true">
        {props.checked ? "ON" : "OFF"}
      </span>
    </button>
  );
}
