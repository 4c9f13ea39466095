import { type DataLayer, DEMO_USER_EMAIL } from "@trellis/db";

import type { Viewer } from "./trpc";

/**
 * The stand-in for sign-in until accounts exist (issue #5): every request acts
 * as the seeded demo user. Adapters call this, never the procedures.
 */
export async function resolveDemoViewer(data: DataLayer): Promise<Viewer | null> {
  const user = await data.users.byEmail(DEMO_USER_EMAIL);
  return user ? { id: user.id, name: user.name, role: user.role } : null;
}
