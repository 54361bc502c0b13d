/** Operations per second of an async operation, run by `concurrency` loops for `seconds`. */
export async function opsRate(operation: (i: number) => Promise<unknown>, seconds: number, concurrency: number): Promise<number> {
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        await operation(next++);
        done++;
      }
    }),
  );
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}
