import type { GuardedCheck, GuardOptions } from "@trellis/auth";

import type { RateLimits } from "./limiter";
import type { LimitName } from "./limits";

/**
 * Checks a password under the sign-in limits (RATE_LIMITS.signInFailuresPer*):
 * only failures count, per account — `email`, exactly as it is checked — and
 * per address when `ip` is known. A point of each is spent before `check`
 * runs, so a burst of parallel guesses cannot all slip in before the first is
 * counted, and given back when the password was right (the account's count
 * then starts over) or when `check` failed without an answer. Over either
 * limit, `check` does not run: a guess then tells nothing, not even for the
 * right password. A result `settled` says is not the end (the right password
 * waiting for its second factor) gives its points back and resets nothing.
 * A passkey sign-in (`email` null) is counted per address only.
 */
export async function limitPasswordCheck<T>(
  rateLimits: RateLimits,
  { email, ip }: { email: string | null; ip: string | null },
  check: () => Promise<T | null>,
  { settled = () => true, secondFactorPresented = false, secondFactorWrong = () => false }: GuardOptions<T> = {},
): Promise<GuardedCheck<T>> {
  const charged: [LimitName, string][] = [];
  const refundCharged = () => Promise.all(charged.map(([limit, key]) => rateLimits.refund(limit, key)));
  const counted: [LimitName, string | null][] = [
    ["signInFailuresPerIp", ip],
    ["signInFailuresPerAccount", email],
  ];
  for (const [limit, key] of counted) {
    if (key === null) continue;
    const verdict = await rateLimits.consume(limit, key);
    if (!verdict.allowed) {
      await refundCharged();
      return { refused: true, retryAfterSeconds: verdict.retryAfterSeconds };
    }
    charged.push([limit, key]);
  }
  // A code is also charged to the account's daily budget of wrong codes, given back unless it turns out wrong.
  const codeCharge: [LimitName, string] | null =
    secondFactorPresented && email !== null ? ["wrongSecondFactorsPerAccount", email] : null;
  if (codeCharge) {
    const verdict = await rateLimits.consume(...codeCharge);
    if (!verdict.allowed) {
      await refundCharged();
      return { refused: true, retryAfterSeconds: verdict.retryAfterSeconds };
    }
  }
  const refundCode = async () => {
    if (codeCharge) await rateLimits.refund(...codeCharge);
  };

  let result: T | null;
  try {
    result = await check();
  } catch (error) {
    await refundCharged();
    await refundCode();
    throw error;
  }
  // A wrong code after the right password: a failure on every count, the daily one too.
  if (result !== null && secondFactorWrong(result)) return { refused: false, result };
  // Anything else spends no wrong-code point: a wrong password, a right code.
  await refundCode();
  if (result !== null && !settled(result)) {
    await refundCharged();
  } else if (result !== null) {
    if (ip !== null) await rateLimits.refund("signInFailuresPerIp", ip);
    if (email !== null) await rateLimits.reset("signInFailuresPerAccount", email);
  }
  return { refused: false, result };
}
