import { eq } from "drizzle-orm";

import type { PgDb } from "../../pg/db";
import * as t from "../../schema/pg";
import { newestFirst } from "../fragments";
import { changed, first } from "../rows";
import type { DataLayer } from "../types";
import {
  counterBehind,
  credentialFields,
  ownPasskey,
  passkeyFields,
  transportsFromText,
  transportsToText,
} from "./shared";

const { passkeys, users } = t;

/** Passkeys on Postgres; the SQLite twin is ./sqlite.ts. */
export function pgPasskeys(db: PgDb): DataLayer["passkeys"] {
  return {
    create: async ({ transports, ...input }) =>
      first(
        await db
          .insert(passkeys)
          .values({ ...input, transports: transportsToText(transports) })
          // Registered already (two answers at once): no row, the caller's refusal, never a unique-violation 500.
          .onConflictDoNothing()
          .returning(passkeyFields(t)),
      ),
    list: (userId) =>
      db
        .select(passkeyFields(t))
        .from(passkeys)
        .where(eq(passkeys.userId, userId))
        .orderBy(...newestFirst(passkeys)),
    credentialIds: async (userId) =>
      (await db.select({ credentialId: passkeys.credentialId }).from(passkeys).where(eq(passkeys.userId, userId))).map(
        (row) => row.credentialId,
      ),
    rename: async ({ id, userId, name }) =>
      first(
        await db
          .update(passkeys)
          .set({ name })
          .where(ownPasskey(passkeys, id, userId))
          .returning(passkeyFields(t)),
      ),
    remove: async ({ id, userId }) =>
      changed(
        await db
          .delete(passkeys)
          .where(ownPasskey(passkeys, id, userId))
          .returning({ id: passkeys.id }),
      ),
    byCredentialId: async (credentialId) => {
      const row = first(
        await db
          .select(credentialFields(t))
          .from(passkeys)
          .innerJoin(users, eq(users.id, passkeys.userId))
          .where(eq(passkeys.credentialId, credentialId))
          .limit(1),
      );
      return row && { ...row, transports: transportsFromText(row.transports) };
    },
    recordUse: async ({ id, counter, now }) =>
      changed(
        await db
          .update(passkeys)
          .set({ counter, lastUsedAt: now })
          .where(counterBehind(passkeys, id, counter))
          .returning({ id: passkeys.id }),
      ),
  };
}
