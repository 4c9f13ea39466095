import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the production server (server.ts) knows about the request it is
 * answering, filled in as it goes: the id it adopted, and the viewer once a
 * context has been built (request-context.ts notes it). The request's log
 * line reads it when the response ends. On globalThis, because the route
 * bundles Next loads hold their own copy of this module, and must reach the
 * store server.ts opened.
 */
export interface RequestScope {
  requestId: string;
  userId: string | null;
}

const globalForScope = globalThis as typeof globalThis & { trellisRequestScope?: AsyncLocalStorage<RequestScope> };

export function requestScope(): AsyncLocalStorage<RequestScope> {
  globalForScope.trellisRequestScope ??= new AsyncLocalStorage();
  return globalForScope.trellisRequestScope;
}

/** Records who is asking, for the request's log line; does nothing outside the production server. */
export function noteViewer(userId: string | null): void {
  const scope = requestScope().getStore();
  if (scope && userId) scope.userId = userId;
}
