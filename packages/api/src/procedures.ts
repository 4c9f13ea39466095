import type { AnyTRPCRouter, TRPCProcedureType } from "@trpc/server";

export interface ProcedureEntry {
  /** The dotted path a client calls, e.g. "post.list". */
  path: string;
  type: TRPCProcedureType;
  /** What the procedure declared with `.meta(…)` (see `Meta` in ./trpc.ts), unchecked. */
  meta: unknown;
  /** The top-level keys of its input, from every `.input(z.object(…))` it stacked; empty without one. */
  inputKeys: string[];
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
    return type ? [{ path, type, meta: Reflect.get(definition, "meta"), inputKeys: inputKeysOf(definition) }] : [];
  });
}

/** A zod object's `shape` names its keys; any other parser (or none) names none. */
function inputKeysOf(definition: object): string[] {
  const parsers: unknown = Reflect.get(definition, "inputs");
  if (!Array.isArray(parsers)) return [];
  const keys = parsers.flatMap((parser: unknown) => {
    const shape: unknown = parser && typeof parser === "object" ? Reflect.get(parser, "shape") : undefined;
    return shape && typeof shape === "object" ? Object.keys(shape) : [];
  });
  return [...new Set(keys)];
}
