import type { DataLayer, User } from "@trellis/db";

import { verifyNobody, verifyPassword } from "./password";
import { type SecondFactor, spendSecondFactor } from "./two-factor";

/**
 * The user an email and password belong to, or null. An unknown email costs
 * the same argon2 verification as a wrong password, and both are just null:
 * neither the answer nor its timing says whether the email has an account.
 */
export async function checkCredentials(
  data: DataLayer,
  input: { email: string; password: string },
): Promise<User | null> {
  const account = await data.accounts.credentials(input.email);
  if (!account) return verifyNobody(input.password).then(() => null);
  return (await verifyPassword(account.passwordHash, input.password)) ? account.user : null;
}

/**
 * A password sign-in's outcome: the user, with the second factor it used
 * when the account has two-factor on; or, for the right password without a
 * code, that a code is needed (it says the password was right, which whoever
 * typed it knew). Null for a wrong password or a wrong or spent code: both are
 * failed guesses, and the sign-in limits count them alike (ADR 046).
 */
export type SignInCheck =
  | { user: User; secondFactor: SecondFactor | null }
  | { secondFactorRequired: true }
  // The right password and a wrong or spent code: refused as null is, and also counted per day (ADR 046).
  | { wrongSecondFactor: true };

export async function checkSignIn(
  data: DataLayer,
  input: { email: string; password: string; code?: string | undefined },
): Promise<SignInCheck | null> {
  const user = await checkCredentials(data, input);
  if (!user) return null;
  const twoFactor = await data.twoFactor.secret(user.id);
  if (!twoFactor?.enabled) return { user, secondFactor: null };
  if (!input.code) return { secondFactorRequired: true };
  const secondFactor = await spendSecondFactor(data, user.id, input.code);
  return secondFactor ? { user, secondFactor } : { wrongSecondFactor: true };
}

/** Whether a sign-in check is over (a user or a failure) rather than waiting for the second factor. */
export const signInSettled = (check: SignInCheck) => !("secondFactorRequired" in check);

/** Whether a sign-in check was a wrong code after the right password. */
export const signInWrongSecondFactor = (check: SignInCheck) => "wrongSecondFactor" in check;
