import { eq } from "drizzle-orm";

import * as t from "../../schema/sqlite";
import type { SqliteDb } from "../../sqlite/transaction";
import { newestFirst } from "../fragments";
import { changed } from "../rows";
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

/** Passkeys on SQLite; the Postgres twin is ./pg.ts. */
export function sqlitePasskeys(db: SqliteDb): DataLayer["passkeys"] {
  return {
    create: async ({ transports, ...input }) =>
      db
        .insert(passkeys)
        .values({ ...input, transports: transportsToText(transports) })
        // Registered already (two answers at once): no row, the caller's refusal, never a unique-violation 500.
        .onConflictDoNothing()
        .returning(passkeyFields(t))
        .get(),
    list: async (userId) =>
      db
        .select(passkeyFields(t))
        .from(passkeys)
        .where(eq(passkeys.userId, userId))
        .orderBy(...newestFirst(passkeys))
        .all(),
    credentialIds: async (userId) =>
      db
        .select({ credentialId: passkeys.credentialId })
        .from(passkeys)
        .where(eq(passkeys.userId, userId))
        .all()
        .map((row) => row.credentialId),
    rename: async ({ id, userId, name }) =>
      db
        .update(passkeys)
        .set({ name })
        .where(ownPasskey(passkeys, id, userId))
        .returning(passkeyFields(t))
        .get(),
    remove: async ({ id, userId }) =>
      changed(
        db
          .delete(passkeys)
          .where(ownPasskey(passkeys, id, userId))
          .returning({ id: passkeys.id })
          .all(),
      ),
    byCredentialId: async (credentialId) => {
      const row = db
        .select(credentialFields(t))
        .from(passkeys)
        .innerJoin(users, eq(users.id, passkeys.userId))
        .where(eq(passkeys.credentialId, credentialId))
        .get();
      return row && { ...row, transports: transportsFromText(row.transports) };
    },
    recordUse: async ({ id, counter, now }) =>
      changed(
        db
          .update(passkeys)
          .set({ counter, lastUsedAt: now })
          .where(counterBehind(passkeys, id, counter))
          .returning({ id: passkeys.id })
          .all(),
      ),
  };
}
