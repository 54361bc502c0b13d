/** Retries `attempt` every 50 ms until it resolves; fails with its last error once `withinMs` has passed. */
export async function eventually<T>(attempt: () => Promise<T>, withinMs: number): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  for (;;) {
    try {
      return { value: await attempt(), elapsedMs: Date.now() - started };
    } catch (error) {
      if (Date.now() - started > withinMs) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
