import { Fragment } from "react";

/**
 * A distinguished name that wraps only between its RDNs (after an unescaped comma), never inside a
 * word: `CN=Jane Doe,OU=Eng` may break after `CN=Jane Doe,` but not inside `Jane`.
 */
export function DnText(props: { value: string }) {
  const parts = props.value.split(/(?<!\\),/);
  return (
    <span className="dn-text">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? "," : null}
          {index > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
