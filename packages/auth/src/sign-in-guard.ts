/**
 * What may stand between a password sign-in and its password check. Auth.js
 * calls it inside `authorize`, on the credentials it is about to check — the
 * only place where the email that is counted is, by construction, the email
 * that is authenticated. The guard itself (rate limits) lives in @trellis/server,
 * which this package may not import; the app passes it to createAuth.
 */
export interface SignInGuard {
  /**
   * Runs `check` — the password check for `email` (already normalised by the
   * shared schema) — unless too many have failed, and counts its outcome.
   * `request` is the sign-in request, for whatever else the guard keys on
   * (the client's address). A passkey sign-in names no account before it is
   * verified: its `email` is null, and only the address is counted.
   */
  guard<T>(
    attempt: { email: string | null; request: Request },
    check: () => Promise<T | null>,
    options?: GuardOptions<T>,
  ): Promise<GuardedCheck<T>>;
}

export interface GuardOptions<T> {
  /**
   * Whether a result ends the attempt (default: every result does). One that
   * does not — the right password, still waiting for its two-factor code — is
   * neither a failure nor a success: its point is given back, and the
   * account's count of failures goes on (a wrong code after it still counts).
   */
  settled?: ((result: T) => boolean) | undefined;
  /** The attempt carries a second-factor code: it is also under the daily limit of wrong codes per account. */
  secondFactorPresented?: boolean | undefined;
  /**
   * Whether a result is a wrong code after the right password: a failure
   * (as null is), and one that counts towards the daily limit of wrong codes.
   */
  secondFactorWrong?: ((result: T) => boolean) | undefined;
}

/** A guarded password check: what it found (null: wrong), or refused without checking, with the seconds to wait. */
export type GuardedCheck<T> = { refused: false; result: T | null } | { refused: true; retryAfterSeconds: number };

// The `code` Auth.js puts in its answer (`error=CredentialsSignin&code=…`) when the guard refused.
const REFUSED_CODE = /^too-many-failures-(\d+)$/;

export { SECOND_FACTOR_REQUIRED_CODE } from "./sign-in-codes";

/** The `code` of a sign-in the guard refused, carrying the wait. */
export function refusedSignInCode(retryAfterSeconds: number): string {
  return `too-many-failures-${retryAfterSeconds}`;
}

/** The seconds to wait, if `code` (from Auth.js's answer) says the guard refused; else null. */
export function retryAfterOfRefusedSignIn(code: string | null): number | null {
  const match = code === null ? null : REFUSED_CODE.exec(code);
  return match ? Number(match[1]) : null;
}
