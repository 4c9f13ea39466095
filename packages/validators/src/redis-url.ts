/**
 * The one error for a REDIS_URL that is set but does not answer — from the
 * job queue, the event bus or the rate limits, whichever connects first. It
 * names the variable, the URL without its password and what needed it, so a
 * start fails with one line an operator can act on, never a silent fallback
 * to in-process (which would split the instances).
 */
export function redisDoesNotAnswer(url: string, purpose: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`REDIS_URL does not answer (${withoutPassword(url)}) for ${purpose}: ${reason}`, { cause: error });
}

/** `redis://:secret@host:6379` → `redis://:***@host:6379`: URLs go in logs and errors. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "not a URL";
  }
}
