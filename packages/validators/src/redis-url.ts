import { redactUrl } from "./redact-url";

/**
 * The one error for a REDIS_URL that is set but does not answer — from the
 * job queue, the event bus or the rate limits, whichever connects first. It
 * names the variable, the URL without its password and what needed it, so a
 * start fails with one line an operator can act on, never a silent fallback
 * to in-process (which would split the instances).
 */
export function redisDoesNotAnswer(url: string, purpose: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  // A value that is not a URL is not repeated: it may be a password pasted in the wrong place.
  const shown = URL.canParse(url) ? redactUrl(url) : "not a URL";
  return new Error(`REDIS_URL does not answer (${shown}) for ${purpose}: ${reason}`, { cause: error });
}
