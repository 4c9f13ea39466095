/**
 * Whether `work` finishes within `timeoutMs`. Both queues' workers stop this
 * way: they wait that long for the jobs in flight, then say what they left
 * running. A `work` that rejects rejects here too.
 */
export async function finishesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
