import { and, type Column, eq, type SQL } from "drizzle-orm";

import type { AnyTables } from "../fragments";

// Accounts: the pieces both dialects share. The builder chains that use them,
// one file per dialect, are ./sqlite.ts and ./pg.ts.

/** The password account of `user`: a user id, or the users.id column in a join. */
export function passwordAccountOf(accounts: AnyTables["accounts"], user: string | Column): SQL | undefined {
  return and(eq(accounts.userId, user), eq(accounts.provider, "credentials"));
}
