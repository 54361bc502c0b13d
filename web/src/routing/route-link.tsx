import type { MouseEvent, ReactNode } from "react";
import { navigate } from "./navigation.js";
import { routePath, type Route } from "./routes.js";

/** A real link (middle-click and "open in new tab" work) that navigates in place on a plain click. */
export function RouteLink(props: { to: Route; children: ReactNode; className?: string; current?: boolean }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={routePath(props.to)} onClick={onClick} className={props.className} aria-current={props.current ? "page" : undefined}>
      {props.children}
    </a>
  );
}
