import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/api-request-error.js";

/** The three states of something being loaded. */
export type AsyncState<T> =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; value: T };

/**
 * Runs `load` when the component mounts and whenever `deps` change (showing the loading state again);
 * `reload` runs it again but keeps showing the previous value meanwhile, so a table doesn't flash.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): { state: AsyncState<T>; reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  // `deps` is the caller's dependency list for `load`, as with useEffect.
  const stableLoad = useCallback(load, deps);

  const lastLoad = useRef(stableLoad);

  useEffect(() => {
    let cancelled = false;
    if (lastLoad.current !== stableLoad) {
      lastLoad.current = stableLoad;
      setState({ status: "loading" });
    }
    stableLoad().then(
      (value) => {
        if (!cancelled) setState({ status: "ready", value });
      },
      (err: unknown) => {
        if (!cancelled) setState({ status: "error", message: errorMessage(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [stableLoad, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, reload };
}
