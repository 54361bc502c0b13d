import type { ReactNode } from "react";
import { useSession } from "../lib/session-context.js";
import { BrandMark } from "./brand-mark.js";

/** The bar across the top: logo, the breadcrumb passed in, the person and sign-out. */
export function TopBar(props: { children?: ReactNode }) {
  const { person, signOut } = useSession();
  return (
    <header className="top-bar">
      <BrandMark />
      <nav className="breadcrumb" aria-label="Breadcrumb">
        {props.children}
      </nav>
      <div className="top-bar-person">
        <span className="muted" title={person.orgRoles.join(", ")}>
          {person.email}
        </span>
        <button type="button" className="button button-small" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
