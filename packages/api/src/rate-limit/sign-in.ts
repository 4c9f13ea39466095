import { email as emailSchema } from "@trellis/validators";

import { waitPhrase } from "./errors";
import type { RateLimits } from "./limiter";
import type { LimitName } from "./limits";

/** The answer's `error` when rate limits, not the password, refused a sign-in; its `code` is the seconds to wait. */
export const SIGN_IN_RATE_LIMITED = "TooManyRequests";

export interface SignInLimitOptions {
  rateLimits: RateLimits;
  /** The client's address (./client-ip.ts), or null when it cannot be known: then only the account is counted. */
  ip: string | null;
}

/**
 * Puts rate limits in front of Auth.js's password sign-in
 * (`POST …/callback/credentials`); every other Auth.js request goes straight
 * to `signIn`. Only failures count, per address and per account
 * (RATE_LIMITS.signInFailuresPer*): a point of each is spent before the
 * password is checked — so a burst of parallel guesses cannot all slip in
 * before the first is counted — and given back when it was right (and the
 * account's count starts over) or when no password was checked at all (a
 * missing CSRF token). Over either limit, the answer is 429 with Retry-After,
 * and the password is not even checked: a guess then tells nothing.
 *
 * The answer is JSON with a `url`, like Auth.js's own answers to its browser
 * client, so `signIn()` from next-auth/react reports `status: 429`, `error:
 * "TooManyRequests"` and the seconds to wait as `code` (see
 * @trellis/auth/client's attemptSignIn).
 */
export async function limitCredentialsSignIn<R extends Request>(
  request: R,
  signIn: (request: R) => Promise<Response>,
  { rateLimits, ip }: SignInLimitOptions,
): Promise<Response> {
  if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/callback/credentials")) {
    return signIn(request);
  }
  const account = await accountOf(request);
  const charged: [LimitName, string][] = [];
  const counted: [LimitName, string | null][] = [
    ["signInFailuresPerIp", ip],
    ["signInFailuresPerAccount", account],
  ];
  for (const [limit, key] of counted) {
    if (key === null) continue;
    const verdict = await rateLimits.consume(limit, key);
    if (!verdict.allowed) {
      // Refused before any password was checked: what was charged for this attempt goes back.
      await Promise.all(charged.map(([spent, spentKey]) => rateLimits.refund(spent, spentKey)));
      return tooManySignIns(request, verdict.retryAfterSeconds);
    }
    charged.push([limit, key]);
  }

  const response = await signIn(request);
  const outcome = await outcomeOf(response);
  if (outcome === "signed-in") {
    if (ip !== null) await rateLimits.refund("signInFailuresPerIp", ip);
    if (account !== null) await rateLimits.reset("signInFailuresPerAccount", account);
  } else if (outcome === "not-checked") {
    await Promise.all(charged.map(([limit, key]) => rateLimits.refund(limit, key)));
  }
  return response;
}

/** The account a sign-in names: its email as every other part of Trellis compares it, or null if it is no email. */
async function accountOf(request: Request): Promise<string | null> {
  const copy = request.clone();
  const isJson = copy.headers.get("content-type")?.startsWith("application/json") ?? false;
  const body: unknown = isJson ? await copy.json().catch(() => null) : await copy.formData().catch(() => null);
  const raw: unknown =
    body instanceof FormData ? body.get("email") : body && typeof body === "object" ? Reflect.get(body, "email") : null;
  const parsed = emailSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * What Auth.js made of the attempt, from its answer: a session cookie means
 * signed in; an `error=CredentialsSignin` redirect means the email and
 * password did not match (or were not valid input); anything else — a
 * missing CSRF token, say — means no password was checked.
 */
async function outcomeOf(response: Response): Promise<"signed-in" | "refused" | "not-checked"> {
  const sessionCookie = /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?=[^;]/;
  if (response.headers.getSetCookie().some((cookie) => sessionCookie.test(cookie))) return "signed-in";
  // A redirect (form posts), or JSON `{ url }` (Auth.js's browser client asks for that).
  let target = response.headers.get("location");
  if (!target) {
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    const url: unknown = body && typeof body === "object" ? Reflect.get(body, "url") : null;
    target = typeof url === "string" ? url : null;
  }
  const error = target ? new URL(target, "http://localhost").searchParams.get("error") : null;
  return error === "CredentialsSignin" ? "refused" : "not-checked";
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
