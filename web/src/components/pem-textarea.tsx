/** A text area for pasted PEM (monospace, no spell check), with a placeholder showing the expected block. */
export function PemTextarea(props: { id: string; rows: number; label: string; value: string; onChange: (value: string) => void; invalid?: boolean; describedBy?: string }) {
  return (
    <textarea
      id={props.id}
      className="input-mono"
      rows={props.rows}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      placeholder={`-----BEGIN ${props.label}-----\n...\n-----END ${props.label}-----`}
      spellCheck={false}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
    />
  );
}
