import type { DataLayer, User } from "@trellis/db";

import { verifyNobody, verifyPassword } from "./password";

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
