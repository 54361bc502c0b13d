import { RouteLink } from "../routing/route-link.js";

/** Shown for an address the UI does not know. */
export function NotFoundPage(props: { path: string }) {
  return (
    <main className="page-centered">
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{props.path}</code>.
      </p>
      <RouteLink to={{ page: "home" }}>Go to your organization</RouteLink>
    </main>
  );
}
