import { and, type Column, eq, type SQL } from "drizzle-orm";

import type { OAuthProvider } from "../../schema/shared";
import type { AnyTables } from "../fragments";
import type { OAuthIdentity } from "../types";

// Accounts: the pieces both dialects share. The builder chains that use them,
// one file per dialect, are ./sqlite.ts and ./pg.ts.

/** The account row of one provider identity. */
export function identityAccount(accounts: AnyTables["accounts"], identity: OAuthIdentity): SQL | undefined {
  return and(eq(accounts.provider, identity.provider), eq(accounts.providerAccountId, identity.providerAccountId));
}

/** A user's OAuth account at one provider (every provider but the password). */
export function oauthAccountOf(
  accounts: AnyTables["accounts"],
  userId: string,
  provider: OAuthProvider,
): SQL | undefined {
  return and(eq(accounts.userId, userId), eq(accounts.provider, provider));
}

/**
 * The ways a user still has in besides `provider`: a password, a passkey, another provider.
 * Unlinking the last one would lock them out (docs/auth.md).
 */
export function otherWaysIn(
  rows: { passwordHash: string | null; provider: string }[],
  passkeys: number,
  provider: OAuthProvider,
): number {
  const accounts = rows.filter((row) =>
    row.provider === "credentials" ? row.passwordHash !== null : row.provider !== provider,
  );
  return accounts.length + passkeys;
}

/** The password account of `user`: a user id, or the users.id column in a join. */
export function passwordAccountOf(accounts: AnyTables["accounts"], user: string | Column): SQL | undefined {
  return and(eq(accounts.userId, user), eq(accounts.provider, "credentials"));
}
