import type { DataLayer, Role } from "@trellis/db";
import { getToken } from "next-auth/jwt";

import { API_TOKEN_PREFIX, hashToken } from "./tokens";

/** How a request proved who it is: a browser session, or an API token of either scope. */
export type Credential = "session" | "read-token" | "read-write-token";

/** Who is asking, as every procedure sees it. */
export interface Viewer {
  id: string;
  name: string;
  role: Role;
  via: Credential;
}

export interface Authentication {
  viewer: Viewer | null;
  /**
   * Why credentials the request presented were refused (an unknown, revoked or
   * expired token). Such a request fails with UNAUTHORIZED; it must not quietly
   * run as an anonymous one.
   */
  refused: string | null;
}

export interface SessionOptions {
  secret: string;
  /** `__Secure-` cookies, sent over HTTPS only: on in production. */
  secureCookies: boolean;
}

const anonymous: Authentication = { viewer: null, refused: null };

/**
 * Who a request comes from: an `Authorization: Bearer trl_…` API token, or
 * else the Auth.js session cookie.
 *
 * The cookie is a JWT naming the user (`sub`) and the session version it was
 * issued at (`sv`). The user is read fresh on every request, so a role change
 * applies at once, and a token whose version is behind the user's (sign out
 * everywhere, password change or reset) is refused.
 */
export async function authenticateRequest(
  data: DataLayer,
  headers: Headers,
  options: SessionOptions,
): Promise<Authentication> {
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return authenticateToken(data, bearer);

  const cookie = headers.get("cookie");
  if (!cookie) return anonymous;
  // Only the cookie: Auth.js would also accept a bearer JWT, which is not a session here.
  const token = await getToken({
    req: { headers: { cookie } },
    secret: options.secret,
    secureCookie: options.secureCookies,
  }).catch(() => null);
  if (!token?.sub || typeof token.sv !== "number") return anonymous;

  const user = await data.users.byId(token.sub);
  // A stale or dangling session cookie is just "signed out": the browser shows the sign-in link.
  if (!user || user.sessionVersion !== token.sv) return anonymous;
  return { viewer: { id: user.id, name: user.name, role: user.role, via: "session" }, refused: null };
}

async function authenticateToken(data: DataLayer, secret: string): Promise<Authentication> {
  const refused = { viewer: null, refused: "This API token is unknown, revoked or expired" };
  if (!secret.startsWith(API_TOKEN_PREFIX)) return refused;
  const found = await data.apiTokens.authenticate({ tokenHash: hashToken(secret), now: new Date() });
  if (!found) return refused;
  const { user, scope } = found;
  const via: Credential = scope === "read" ? "read-token" : "read-write-token";
  return { viewer: { id: user.id, name: user.name, role: user.role, via }, refused: null };
}
