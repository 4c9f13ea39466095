import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Requests the app has no handler for, answered 4xx before they reach Next.
 * Next answered them 500 with a stack in the log (TRACE and TRACK: the
 * WHATWG Request it builds refuses those methods), rendered a page (PROPFIND),
 * or logged the header of a forged server action, stack and value included.
 */

/** The methods some route of the app answers: pages, Auth.js, tRPC, REST and its CORS preflights. */
export const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const served: ReadonlySet<string> = new Set(SERVED_METHODS);

export interface PlainRefusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** 405 with Allow for a method nothing here serves (TRACE, TRACK, CONNECT, WebDAV's…); null for the rest. */
export function refuseUnservedMethod(method: string): PlainRefusal | null {
  return served.has(method) ? null : methodNotAllowed();
}

export function methodNotAllowed(): PlainRefusal {
  return {
    status: 405,
    headers: { allow: SERVED_METHODS.join(", "), "content-type": "text/plain; charset=utf-8" },
    body: "Method not allowed",
  };
}

/**
 * 404 for a POST naming a server action the build does not have; null for the
 * rest. Its id is never repeated, in the answer or the log: it is the
 * caller's text. (Trellis writes through tRPC and has no actions today, but
 * ones added later are in the build's manifest and pass.)
 */
export function refuseUnknownServerAction(
  method: string,
  actionId: string | string[] | null | undefined,
  known: ServerActions,
): PlainRefusal | null {
  if (method !== "POST" || actionId === undefined || actionId === null) return null;
  if (typeof actionId === "string" && known.has(actionId)) return null;
  return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found" };
}

/** The server actions a build has: a Set of their ids, or a lookup that reads them as they change. */
export interface ServerActions {
  has(id: string): boolean;
}

/**
 * The ids of the server actions in the build at `webDir` (its `.next`, or
 * another `distDir` inside it), from Next's manifest; none when it cannot be
 * read, and then every call of one is a 404 — in the log, where a build
 * missing its manifest is noticed.
 */
export function serverActionIds(webDir: string, distDir = ".next"): ReadonlySet<string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(webDir, distDir, "server", "server-reference-manifest.json"), "utf8"));
  } catch {
    return new Set();
  }
  const ids = new Set<string>();
  if (typeof manifest !== "object" || manifest === null) return ids;
  for (const runtime of ["node", "edge"]) {
    const actions: unknown = Reflect.get(manifest, runtime);
    if (typeof actions === "object" && actions !== null) for (const id of Object.keys(actions)) ids.add(id);
  }
  return ids;
}

/**
 * `next dev`'s server actions, read from its manifest at each call of one: it
 * compiles pages, and their actions, on demand, so a list read at start would
 * refuse an action added since.
 */
export function liveServerActionIds(webDir: string, distDir: string): ServerActions {
  return { has: (id) => serverActionIds(webDir, distDir).has(id) };
}
