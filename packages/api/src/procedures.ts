import type { AnyTRPCRouter, TRPCProcedureType } from "@trpc/server";

export interface ProcedureEntry {
  /** The dotted path a client calls, e.g. "post.list". */
  path: string;
  type: TRPCProcedureType;
  /** What the procedure declared with `.meta(…)` (see `Meta` in ./trpc.ts), unchecked. */
  meta: unknown;
}

const procedureTypes: readonly TRPCProcedureType[] = ["query", "mutation", "subscription"];

/**
 * Every procedure of a router, with its type and meta. tRPC keeps
 * `_def.procedures` flat at run time ("post.list" → procedure) although its
 * type says nested, so it is read here, once and defensively, for whoever
 * needs the list: the lean HTTP handler, the authorization walk, the tests.
 */
export function listProcedures(router: AnyTRPCRouter): ProcedureEntry[] {
  return Object.entries(router._def.procedures).flatMap(([path, procedure]) => {
    const definition: unknown = typeof procedure === "function" ? Reflect.get(procedure, "_def") : undefined;
    if (!definition || typeof definition !== "object") return [];
    const type = procedureTypes.find((known) => known === Reflect.get(definition, "type"));
    return type ? [{ path, type, meta: Reflect.get(definition, "meta") }] : [];
  });
}
