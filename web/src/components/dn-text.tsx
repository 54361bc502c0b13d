import { Fragment } from "react";

/**
 * A distinguished name that wraps only between its RDNs (after an unescaped comma) or at a space, never
 * inside a word: `CN=Jane Doe,OU=Eng-Platform` may break after `CN=Jane Doe,` or between `Jane` and
 * `Doe`, but not inside `Jane` nor at the hyphen of `Eng-Platform` (browsers otherwise break there).
 */
export function DnText(props: { value: string }) {
  const parts = props.value.split(/(?<!\\),/);
  return (
    <span className="dn-text">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? "," : null}
          {index > 0 ? <wbr /> : null}
          {part.split(/(\s+)/).map((word, i) =>
            word.includes("-") ? (
              <span key={i} className="dn-word">
                {word}
              </span>
            ) : (
              word
            ),
          )}
        </Fragment>
      ))}
    </span>
  );
}
