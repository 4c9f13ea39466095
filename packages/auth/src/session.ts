import type { DataLayer, Role } from "@trellis/db";
import { getToken } from "next-auth/jwt";

/** Who is asking, as every procedure sees it. */
export interface Viewer {
  id: string;
  name: string;
  role: Role;
}

export interface SessionOptions {
  secret: string;
  /** `__Secure-` cookies, sent over HTTPS only: on in production. */
  secureCookies: boolean;
}

/**
 * The viewer behind a request's session cookie, or null.
 *
 * The cookie is an Auth.js JWT naming the user (`sub`) and the session version
 * it was issued at (`sv`). The user is read fresh on every request, so a role
 * change applies at once, and a token whose version is behind the user's
 * (sign out everywhere, password change or reset) is refused.
 */
export async function viewerFromHeaders(
  data: DataLayer,
  headers: Headers,
  options: SessionOptions,
): Promise<Viewer | null> {
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  // Only the cookie: Auth.js would also accept a bearer JWT, which is not a session here.
  const token = await getToken({
    req: { headers: { cookie } },
    secret: options.secret,
    secureCookie: options.secureCookies,
  }).catch(() => null);
  if (!token?.sub || typeof token.sv !== "number") return null;

  const user = await data.users.byId(token.sub);
  if (!user || user.sessionVersion !== token.sv) return null;
  return { id: user.id, name: user.name, role: user.role };
}
