import { and, eq, gt, isNull, type SQL } from "drizzle-orm";

import type { WebauthnPurpose } from "../../schema/shared";
import type { AnyTables } from "../fragments";

// WebAuthn challenges: the pieces both dialects share (./sqlite.ts, ./pg.ts).

/**
 * The unexpired challenge `challenge`, issued for `purpose` to `userId` (null:
 * a sign-in, issued to nobody): what spending it may delete.
 */
export function spendableChallenge(
  challenges: AnyTables["webauthnChallenges"],
  input: { challenge: string; purpose: WebauthnPurpose; userId: string | null; now: Date },
): SQL | undefined {
  return and(
    eq(challenges.challenge, input.challenge),
    eq(challenges.purpose, input.purpose),
    input.userId === null ? isNull(challenges.userId) : eq(challenges.userId, input.userId),
    gt(challenges.expiresAt, input.now),
  );
}
