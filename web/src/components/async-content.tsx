import type { ReactNode } from "react";
import type { AsyncState } from "../lib/use-async.js";
import { ErrorBanner } from "./error-banner.js";
import { LoadingState } from "./loading-state.js";

/** Shows a spinner while `state` loads, the error with a retry button if it failed, else `children(value)`. */
export function AsyncContent<T>(props: { state: AsyncState<T>; what: string; onRetry: () => void; children: (value: T) => ReactNode }) {
  const { state } = props;
  if (state.status === "loading") return <LoadingState label={`Loading ${props.what}…`} />;
  if (state.status === "error") return <ErrorBanner title={`Could not load ${props.what}`} message={state.message} onRetry={props.onRetry} />;
  return <>{props.children(state.value)}</>;
}
