import type { DataLayer, Role, SessionUser } from "@trellis/db";
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
  /**
   * Whether this browser session passed a second factor: at sign-in (the
   * cookie's `mfa` claim) or by turning two-factor on with a code afterwards
   * (ADR 046). Never for an API token; absent means no.
   */
  secondFactor?: boolean;
  /**
   * The browser session's id, when it signed in (the cookie's `auth_time`:
   * what "signed in recently" asks) and when it expires anyway; none for an API token.
   */
  session?: { id: string; signedInAt: Date; expiresAt: Date };
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
 * The cookie is a JWT naming the user (`sub`), the session version it was
 * issued at (`sv`), the session's own id (`sid`) and when it signed in
 * (`auth_time`). The user is read fresh on every request, in the same
 * statement that checks this session was not signed out (ADR 026), so a role
 * change applies at once, and a cookie is refused when its session was signed
 * out, when its version is behind the user's (sign out everywhere, password
 * change or reset), or when it signed in more than SESSION_MAX_AGE_SECONDS ago.
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
  const user = token ? await liveSessionUser(data, token) : undefined;
  // A stale, signed-out or dangling session cookie is just "signed out": the browser shows the sign-in link.
  if (!user) return anonymous;
  const session = sessionOf(token ?? {});
  const viewer: Viewer = {
    id: user.id,
    name: user.name,
    role: user.role,
    via: "session",
    secondFactor: token?.mfa === true || user.markedSecondFactor,
    ...(session ? { session: { id: session.id, signedInAt: session.signedInAt, expiresAt: session.expiresAt } } : {}),
  };
  return { viewer, refused: null };
}

/**
 * The user a session cookie's claims belong to, while that session lives: not
 * signed out, not behind the user's session version, not past
 * SESSION_MAX_AGE_SECONDS. One statement. Every reader of a session asks
 * this — requests here, and Auth.js's own session endpoint (./next.ts).
 */
export async function liveSessionUser(
  data: DataLayer,
  claims: Record<string, unknown>,
): Promise<SessionUser | undefined> {
  const session = sessionOf(claims);
  // A cookie from before sessions had ids cannot be signed out alone: it no longer counts.
  if (!session || session.expiresAt.getTime() <= Date.now()) return undefined;
  const user = await data.sessions.user({ userId: session.userId, sessionId: session.id });
  return user && user.sessionVersion === session.version ? user : undefined;
}

/**
 * A session lasts this long from sign-in, however often Auth.js re-issues its
 * cookie: a revoked session's row need outlive it no longer (ADR 026).
 */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** What a session cookie's claims say, or undefined when they do not name a whole session. */
export function sessionOf(
  claims: Record<string, unknown>,
): { id: string; userId: string; version: number; signedInAt: Date; expiresAt: Date } | undefined {
  const { sub, sv, sid, auth_time: signedInAt } = claims;
  if (typeof sub !== "string" || typeof sv !== "number" || typeof sid !== "string" || typeof signedInAt !== "number") {
    return undefined;
  }
  return {
    id: sid,
    userId: sub,
    version: sv,
    signedInAt: new Date(signedInAt * 1000),
    expiresAt: new Date((signedInAt + SESSION_MAX_AGE_SECONDS) * 1000),
  };
}

/**
 * Signs out the session these cookie claims name, on the server: a copy of the
 * cookie kept from before is refused from now on, while the user's other
 * sessions go on. Claims that name no session have nothing to revoke.
 */
export async function revokeSession(data: DataLayer, claims: Record<string, unknown>): Promise<void> {
  const session = sessionOf(claims);
  // A session already dead (signed out, or behind its user's version) needs no row: replaying a copied
  // cookie's sign-out must not grow the table.
  if (!session || !(await liveSessionUser(data, claims))) return;
  await data.sessions.revoke({ sessionId: session.id, expiresAt: session.expiresAt, now: new Date() });
}

async function authenticateToken(data: DataLayer, secret: string): Promise<Authentication> {
  const refused = { viewer: null, refused: "This API token is unknown, revoked or expired" };
  if (!secret.startsWith(API_TOKEN_PREFIX)) return refused;
  const found = await data.apiTokens.authenticate({ tokenHash: hashToken(secret), now: new Date() });
  if (!found) return refused;
  const { user, scope } = found;
  const via: Credential = scope === "read" ? "read-token" : "read-write-token";
  return { viewer: { id: user.id, name: user.name, role: user.role, via, secondFactor: false }, refused: null };
}
