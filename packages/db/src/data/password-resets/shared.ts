import { and, eq, gt, isNull, type SQL } from "drizzle-orm";

import type { AnyTables } from "../fragments";

// Password resets: the pieces both dialects share. The builder chains that use
// them, one file per dialect, are ./sqlite.ts and ./pg.ts.

/** The reset token `tokenHash`, unused and unexpired at `now`: what redeeming it may spend. */
export function spendableReset(resets: AnyTables["passwordResets"], tokenHash: string, now: Date): SQL | undefined {
  return and(eq(resets.tokenHash, tokenHash), isNull(resets.usedAt), gt(resets.expiresAt, now));
}
