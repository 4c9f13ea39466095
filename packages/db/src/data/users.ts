import { eq } from "drizzle-orm";

import type { Db } from "../client";
import { users } from "../schema";

export type User = typeof users.$inferSelect;

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.select().from(users).where(eq(users.email, email)).get();
}
