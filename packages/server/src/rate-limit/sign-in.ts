import { limitPasswordCheck, type RateLimits, waitPhrase } from "@trellis/api/rate-limit";
import { type GuardOptions, retryAfterOfRefusedSignIn, type SignInGuard } from "@trellis/auth";

import { bodyTooLarge, MAX_BODY_BYTES, readTextUpTo } from "../http/limits";

/** The answer's `error` when rate limits, not the password, refused a sign-in; its `code` is the seconds to wait. */
export const SIGN_IN_RATE_LIMITED = "TooManyRequests";

/**
 * The sign-in limits as Auth.js's password check runs them (createAuth's
 * `signInGuard`): inside `authorize`, on the email it has parsed and is about
 * to check — never on a reading of the request of our own, which could differ
 * from Auth.js's (ADR 027).
 */
export function signInGuard({
  rateLimits,
  clientIp,
}: {
  rateLimits: () => Promise<RateLimits>;
  /** The client's address from the sign-in request's headers (./client-ip.ts), or null when it cannot be known. */
  clientIp: (headers: Headers) => string | null;
}): SignInGuard {
  return {
    async guard<T>(
      { email, request }: { email: string | null; request: Request },
      check: () => Promise<T | null>,
      options?: GuardOptions<T>,
    ) {
      return limitPasswordCheck(await rateLimits(), { email, ip: clientIp(request.headers) }, check, options);
    },
  };
}

/**
 * Auth.js's POSTs as HTTP sees them: a body over MAX_BODY_BYTES is 413, as
 * on every other path (Auth.js would read it whole). Then, for the sign-ins
 * `signInGuard` limits — the password's (`POST …/callback/credentials`) and the
 * passkey's (`POST …/callback/passkey`) — two things only HTTP can do,
 * around the limits `signInGuard` applies inside Auth.js:
 *
 * - A body that could be read two ways is refused with 400 before Auth.js
 *   sees it, so no password is checked and nothing is counted: a media type
 *   other than exactly form-urlencoded or JSON (Auth.js matches a substring:
 *   `text/plain; application/json` is JSON to it), or a field given twice
 *   (Auth.js keeps the last; other readers, the first).
 * - A sign-in the guard refused becomes 429 with Retry-After. The answer is
 *   JSON with a `url`, like Auth.js's own answers to its browser client, so
 *   `signIn()` from next-auth/react reports `status: 429`, `error:
 *   "TooManyRequests"` and the seconds to wait as `code` (see
 *   @trellis/auth/client's attemptSignIn).
 */
export async function limitCredentialsSignIn<R extends Request>(
  request: R,
  signIn: (request: R) => Promise<Response>,
): Promise<Response> {
  if (request.method !== "POST") return signIn(request);
  // Auth.js reads any body whole; a copy is read here first, and no further than any other path reads.
  const text = await readTextUpTo(request.clone(), MAX_BODY_BYTES);
  if (text === null) {
    const { message } = bodyTooLarge(MAX_BODY_BYTES);
    return Response.json({ message }, { status: 413, headers: { "cache-control": "no-store", connection: "close" } });
  }
  if (!GUARDED_SIGN_IN.test(new URL(request.url).pathname)) return signIn(request);
  const ambiguity = ambiguityOf(request.headers.get("content-type"), text);
  if (ambiguity !== null) {
    return Response.json({ message: ambiguity }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  const response = await signIn(request);
  const retryAfterSeconds = retryAfterOfRefusedSignIn(await credentialsSignInCode(response));
  return retryAfterSeconds === null ? response : tooManySignIns(request, retryAfterSeconds);
}

// The Credentials providers' callbacks (@trellis/auth/next): each runs `signInGuard`.
const GUARDED_SIGN_IN = /\/callback\/(credentials|passkey)$/;

// What Auth.js reads, and how: the body as UTF-8 whatever the charset says, so only UTF-8 may be declared.
const SIGN_IN_MEDIA_TYPE =
  /^(application\/x-www-form-urlencoded|application\/json)[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*"?utf-8"?[ \t]*)?$/i;

/** Why a sign-in body could mean one thing to Auth.js and another to any other reader; null if it cannot. */
function ambiguityOf(contentType: string | null, text: string): string | null {
  const mediaType = SIGN_IN_MEDIA_TYPE.exec(contentType?.trim() ?? "")?.[1]?.toLowerCase();
  if (!mediaType) return "Send the sign-in as application/x-www-form-urlencoded or application/json";
  const names = mediaType === "application/json" ? jsonMemberNames(text) : [...new URLSearchParams(text).keys()];
  if (names === null) return "Send the sign-in as one JSON object";
  if (new Set(names).size !== names.length) return "Send each sign-in field once";
  return null;
}

/**
 * Every member name in a JSON object's text, repeats kept (JSON.parse keeps
 * only the last); null if the text is not a JSON object. Nested members are
 * included: a repeat there is refused too, though only the top level counts.
 */
function jsonMemberNames(text: string): string[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  // In valid JSON every match starts at an opening quote and spans one whole string; a name is one followed by a colon.
  const names: string[] = [];
  for (const [, name, colon] of text.matchAll(/("(?:[^"\\]|\\.)*")(\s*:)?/g)) {
    if (name !== undefined && colon !== undefined) names.push(String(JSON.parse(name)));
  }
  return names;
}

/** The `code` of Auth.js's answer to a refused sign-in (`error=CredentialsSignin`), from its redirect or its JSON `url`. */
async function credentialsSignInCode(response: Response): Promise<string | null> {
  let target = response.headers.get("location");
  if (!target) {
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    const url: unknown = body && typeof body === "object" ? Reflect.get(body, "url") : null;
    target = typeof url === "string" ? url : null;
  }
  const params = target ? new URL(target, "http://localhost").searchParams : null;
  return params?.get("error") === "CredentialsSignin" ? params.get("code") : null;
}

function tooManySignIns(request: Request, retryAfterSeconds: number): Response {
  const url = new URL("/sign-in", request.url);
  url.searchParams.set("error", SIGN_IN_RATE_LIMITED);
  url.searchParams.set("code", String(retryAfterSeconds));
  const message = `Too many failed sign-ins. Try again ${waitPhrase(retryAfterSeconds)}.`;
  return Response.json(
    { url: url.toString(), message },
    { status: 429, headers: { "retry-after": String(retryAfterSeconds), "cache-control": "no-store" } },
  );
}
