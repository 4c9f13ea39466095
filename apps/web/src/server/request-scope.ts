import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the front door (./front-door.ts) knows about the request it let in,
 * filled in as it goes: the id it adopted, the client's address it read from
 * the socket, and the viewer once a context has been built
 * (request-context.ts notes it). Whatever answers the request — the lean tRPC
 * path, or Next's route handlers and pages, under any of the three servers —
 * runs inside this scope; the request's log line reads it when the response
 * ends. On globalThis, because the route bundles Next loads hold their own
 * copy of this module, and must reach the store the front door opened.
 */
export interface RequestScope {
  requestId: string;
  /** The client's address (./client-ip.ts), null when it cannot be known. */
  clientIp: string | null;
  userId: string | null;
  /**
   * Set when something refused this request part of what it asked (a rate
   * limit): a page rendered for it may lack data, and is not kept for others
   * (./page-cache.ts).
   */
  degraded?: boolean;
}

const globalForScope = globalThis as typeof globalThis & { trellisRequestScope?: AsyncLocalStorage<RequestScope> };

export function requestScope(): AsyncLocalStorage<RequestScope> {
  globalForScope.trellisRequestScope ??= new AsyncLocalStorage();
  return globalForScope.trellisRequestScope;
}

/** Records who is asking, for the request's log line; does nothing outside a front door's scope. */
export function noteViewer(userId: string | null): void {
  const scope = requestScope().getStore();
  if (scope && userId) scope.userId = userId;
}

/** Marks the request's answer as not fit for other readers (./page-cache.ts); does nothing outside a scope. */
export function noteDegraded(): void {
  const scope = requestScope().getStore();
  if (scope) scope.degraded = true;
}
