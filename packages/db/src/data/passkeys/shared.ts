import { and, eq, lt, type SQL } from "drizzle-orm";

import type * as pg from "../../schema/pg";
import type * as sqlite from "../../schema/sqlite";
import type { AnyTables } from "../fragments";

// Passkeys: the pieces both dialects share. The builder chains that use them,
// one file per dialect, are ./sqlite.ts and ./pg.ts.

type PasskeyFields<T extends AnyTables> = {
  id: T["passkeys"]["id"];
  name: T["passkeys"]["name"];
  deviceType: T["passkeys"]["deviceType"];
  backedUp: T["passkeys"]["backedUp"];
  createdAt: T["passkeys"]["createdAt"];
  lastUsedAt: T["passkeys"]["lastUsedAt"];
};

/** What a passkey's owner sees of it: never the key or the credential id. */
export function passkeyFields(t: typeof sqlite): PasskeyFields<typeof sqlite>;
export function passkeyFields(t: typeof pg): PasskeyFields<typeof pg>;
export function passkeyFields({ passkeys }: AnyTables) {
  const { id, name, deviceType, backedUp, createdAt, lastUsedAt } = passkeys;
  return { id, name, deviceType, backedUp, createdAt, lastUsedAt };
}

type CredentialFields<T extends AnyTables> = {
  id: T["passkeys"]["id"];
  credentialId: T["passkeys"]["credentialId"];
  publicKey: T["passkeys"]["publicKey"];
  counter: T["passkeys"]["counter"];
  transports: T["passkeys"]["transports"];
  user: T["users"];
};

/** What verifying a sign-in with a passkey reads: the key, its counter, and whose it is. */
export function credentialFields(t: typeof sqlite): CredentialFields<typeof sqlite>;
export function credentialFields(t: typeof pg): CredentialFields<typeof pg>;
export function credentialFields({ passkeys, users }: AnyTables) {
  const { id, credentialId, publicKey, counter, transports } = passkeys;
  return { id, credentialId, publicKey, counter, transports, user: users };
}

/** Passkey `id`, if it is `userId`'s. */
export function ownPasskey(passkeys: AnyTables["passkeys"], id: string, userId: string): SQL | undefined {
  return and(eq(passkeys.id, id), eq(passkeys.userId, userId));
}

/** Transports as stored (comma-separated) and as WebAuthn lists them. */
export const transportsToText = (transports: readonly string[]): string => transports.join(",");
export const transportsFromText = (text: string): string[] => (text ? text.split(",") : []);

/**
 * The passkey `id`, while its stored counter is behind `counter`: two
 * simultaneous sign-ins each verified against the old counter, and only the
 * higher may be written — the other finds no row, so the counter never goes
 * back. An authenticator that keeps no counter (0) always matches.
 */
export function counterBehind(passkeys: AnyTables["passkeys"], id: string, counter: number): SQL | undefined {
  return counter === 0 ? eq(passkeys.id, id) : and(eq(passkeys.id, id), lt(passkeys.counter, counter));
}
