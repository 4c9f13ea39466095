/**
 * The tRPC setup, top to bottom: what a procedure can see (context), how
 * results and errors travel (init), and the kinds of procedure routers build on.
 */
import type { DataLayer, Role } from "@trellis/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";

// ---------------------------------------------------------------- context

/** Who is asking. Until accounts exist (issue #5) it is the seeded demo user. */
export interface Viewer {
  id: string;
  name: string;
  role: Role;
}

export interface Context {
  /** The data layer, on whichever dialect DATABASE_URL chose: procedures never know which. */
  data: DataLayer;
  viewer: Viewer | null;
}

/**
 * Every adapter (the Next route handler, server components, tests) builds the
 * context here, so a procedure sees the same thing whoever calls it.
 */
export function createContext(opts: { data: DataLayer; viewer: Viewer | null }): Context {
  return { data: opts.data, viewer: opts.viewer };
}

// ---------------------------------------------------------------- init

const isProduction = process.env.NODE_ENV === "production";

const t = initTRPC.context<Context>().create({
  // Dates (createdAt) survive the wire as Dates, not strings.
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      // An unexpected error's message may hold SQL or a file path: in
      // production the caller gets a generic message, the log keeps the cause.
      message: isProduction && error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
      data: {
        ...shape.data,
        // Field errors from the shared zod schema, keyed like the form's fields,
        // so a form can show the server's verdict beside each input.
        fieldErrors: error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---------------------------------------------------------------- procedure kinds

/** Anyone may call it; `ctx.viewer` may be null. */
export const publicProcedure = t.procedure;

/** Needs a viewer (UNAUTHORIZED otherwise); `ctx.viewer` is non-null inside. */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do that" });
  return next({ ctx: { ...ctx, viewer: ctx.viewer } });
});
