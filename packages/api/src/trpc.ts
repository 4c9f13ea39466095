/**
 * The tRPC setup, top to bottom: what a procedure can see (context), how
 * results and errors travel (init), and the kinds of procedure routers build
 * on — each kind declares who may call it, in `meta.access`.
 */
import type { Viewer } from "@trellis/auth";
import type { DataLayer } from "@trellis/db";
import type { AppJobQueue } from "@trellis/jobs";
import { idSchema } from "@trellis/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, z } from "zod";

import { observeProcedure } from "./diagnostics";
import type { EventBus } from "./events";
import { type Logger, markLogged } from "./logger";
import { enforceRateLimit, type RateLimits } from "./rate-limit";
import { requestIdFrom } from "./request-id";
import { traceCall } from "./trace-call";
import { transformer } from "./transformer";

export type { Viewer };

// ---------------------------------------------------------------- context

export interface Context {
  /** The data layer, on whichever dialect DATABASE_URL chose: procedures never know which. */
  data: DataLayer;
  /** Who is asking: from an API token or the session cookie (apps/web), or set directly (tests). */
  viewer: Viewer | null;
  /** Set when the request presented credentials that were refused: every procedure then answers UNAUTHORIZED. */
  refused?: string | null;
  /**
   * Background jobs (@trellis/jobs): a table in the database, or BullMQ on
   * Redis. Slow work — email, reports — is enqueued here, never done in the
   * request; that is why the context has no mailer.
   */
  jobs: AppJobQueue;
  /** Live events: published after a write commits, streamed to subscriptions. In-process, or Redis. */
  events: EventBus;
  /** The app's public origin, for links in emails, e.g. "https://trellis.example". */
  appUrl: string;
  /** The client's address, as far as it can be trusted (@trellis/server/rate-limit's clientIp); null when unknown. */
  ip: string | null;
  /** Rate limits: in-process (./rate-limit), or shared by every instance through Redis (@trellis/server/rate-limit). */
  rateLimits: RateLimits;
  /** The request's id (X-Request-Id, or generated): in every log line of the request and in its error bodies. */
  requestId: string;
  /** The process's logger (@trellis/server/log in the app), bound to this request's id. */
  log: Logger;
}

/**
 * What an adapter hands createContext. `requestId` defaults to a new one (an
 * unfit one is replaced); `log` is the logger to bind it to: the process's in
 * the app, one that captures lines or says nothing in tests.
 */
export type ContextOptions = Omit<Context, "requestId"> & { requestId?: string };

/**
 * Every adapter (the Next route handler, server components, tests) builds the
 * context here, so a procedure sees the same thing whoever calls it.
 */
export function createContext(opts: ContextOptions): Context {
  const requestId = requestIdFrom(opts.requestId);
  return {
    data: opts.data,
    viewer: opts.viewer,
    refused: opts.refused ?? null,
    jobs: opts.jobs,
    events: opts.events,
    appUrl: opts.appUrl,
    ip: opts.ip,
    rateLimits: opts.rateLimits,
    requestId,
    log: opts.log.child({ requestId }),
  };
}

/**
 * Who may call a procedure. Every procedure has one (the authorization walk in
 * access.test.ts fails otherwise):
 * - public: anyone, signed in or not;
 * - user:   any signed-in user (UNAUTHORIZED otherwise);
 * - session: a signed-in user in a browser session, never an API token (FORBIDDEN);
 * - owner:  the author of the thing named by `input.id`, or an admin;
 * - admin:  admins only (FORBIDDEN for other users).
 */
export type Access = "public" | "user" | "session" | "owner" | "admin";
/**
 * `openapi` puts a procedure on the REST API too (@trellis/server/rest): method, path and
 * the docs' wording; `location` is, for a POST that creates (required there: every 201 has a
 * Location), the path its result can be read at, e.g. "/posts/{id}", filled from the request's
 * path and the result.
 */
export type Meta = OpenApiMeta<{ access?: Access; location?: `/${string}` }>;

// ---------------------------------------------------------------- init

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    // devalue: Dates (createdAt) survive the wire as Dates, not strings (./transformer.ts).
    transformer,
    // Subscriptions stream over SSE: a ping keeps idle connections open through
    // proxies, and a client that hears nothing for longer reconnects (and resumes).
    sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
    errorFormatter({ shape, error, ctx }) {
      // An unexpected error's message may hold SQL or a file path: the caller
      // gets a generic message, in every environment; the call's log line
      // (same request id) has it. No error carries a stack, not even under
      // `next dev`, where tRPC would add one: a stack names the server's files,
      // and a development server answers as production does (ADR 032).
      const unexpected = error.code === "INTERNAL_SERVER_ERROR";
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: unexpected ? "Internal server error" : shape.message,
        data: {
          ...data,
          // What to quote in a bug report: it finds the request's lines in the log.
          requestId: ctx?.requestId ?? null,
          // Field errors from the shared zod schema, keyed like the form's fields,
          // so a form can show the server's verdict beside each input. (An output
          // that fails its schema is unexpected: its fields are not the caller's.)
          fieldErrors: !unexpected && error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---------------------------------------------------------------- procedure kinds

/**
 * What every procedure checks first, whatever its kind: a refused credential
 * (a revoked or expired token) fails the request rather than running it
 * anonymously, and a read-only token can run queries but no mutation.
 */
const credentials = t.middleware(({ ctx, type, next }) => {
  if (ctx.refused) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.refused });
  if (type === "mutation" && ctx.viewer?.via === "read-token") {
    throw new TRPCError({ code: "FORBIDDEN", message: "This API token is read-only" });
  }
  return next();
});

/**
 * One log line per procedure call — path, type, viewer, duration, outcome
 * (ok or the error code) — under the request's id. Never the input, which may
 * hold a password. Only an unexpected error (INTERNAL_SERVER_ERROR) is logged
 * as an error, with its stack; the rest are the caller's mistakes.
 */
const logCall = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const call = { path, type, userId: ctx.viewer?.id ?? null, durationMs: elapsedMs(started) };
  if (result.ok) {
    ctx.log.info({ ...call, outcome: "ok" }, `${type} ${path} ok`);
  } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
    markLogged(result.error);
    ctx.log.error({ ...call, outcome: result.error.code, err: result.error }, `${type} ${path} failed`);
  } else {
    ctx.log.info({ ...call, outcome: result.error.code }, `${type} ${path} ${result.error.code}`);
  }
  return result;
});

const elapsedMs = (since: number) => Math.round((performance.now() - since) * 10) / 10;

/**
 * What every procedure counts, whatever its kind: each call made with an API
 * token, each write by a signed-in user, and each read by an anonymous caller,
 * per address (RATE_LIMITS). Counted per call, so a batch counts as its calls.
 * Over the limit: TOO_MANY_REQUESTS, and the HTTP adapters add Retry-After.
 */
const rateLimited = t.middleware(async ({ ctx, type, next }) => {
  const viewer = ctx.viewer;
  if (!viewer && type === "query") {
    await enforceRateLimit(ctx.rateLimits, "anonymousReadsPerIp", ctx.ip, "Too many requests from your network");
  }
  if (viewer && viewer.via !== "session") {
    await enforceRateLimit(
      ctx.rateLimits,
      "apiTokenRequestsPerUser",
      viewer.id,
      "Too many requests with your API tokens",
    );
  }
  if (viewer && type === "mutation") {
    await enforceRateLimit(ctx.rateLimits, "mutationsPerUser", viewer.id, "Too many changes in a short time");
  }
  return next();
});

/** A span per call when tracing is on (./trace-call.ts): its children are the call's SQL, Redis and events. */
const traced = t.middleware(({ ctx, path, type, next }) => traceCall({ path, type, requestId: ctx.requestId }, next));

/** Each call's path, duration and outcome for metrics (./diagnostics.ts); free when nothing observes. */
const observed = t.middleware(({ path, type, next }) => observeProcedure(path, type, next));

// Tracing, logging and observing come first, so they see (and time) every refusal below them too; the log
// line of an unexpected error is written inside the call's span and names its trace.
const procedure = t.procedure.use(traced).use(logCall).use(observed).use(credentials).use(rateLimited);

/** Anyone may call it; `ctx.viewer` may be null. */
export const publicProcedure = procedure.meta({ access: "public" });

const requireViewer = t.middleware(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to do that" });
  return next({ ctx: { ...ctx, viewer: ctx.viewer } });
});

/** Needs a signed-in viewer (UNAUTHORIZED otherwise); `ctx.viewer` is non-null inside. */
export const protectedProcedure = procedure.meta({ access: "user" }).use(requireViewer);

/**
 * Needs a signed-in browser session; an API token gets FORBIDDEN. For managing
 * the account itself — password, sessions, API tokens — so a leaked token
 * cannot guess the password, lock its owner out or mint more tokens: it stays
 * a key to the data, never to the account (docs/security.md).
 */
export const sessionProcedure = procedure
  .meta({ access: "session" })
  .use(requireViewer)
  .use(({ ctx, next }) => {
    if (ctx.viewer.via !== "session") {
      throw new TRPCError({ code: "FORBIDDEN", message: "Manage your account from a signed-in browser" });
    }
    return next();
  });

/** Needs an admin: UNAUTHORIZED when signed out, FORBIDDEN for everyone else. */
export const adminProcedure = procedure
  .meta({ access: "admin" })
  .use(requireViewer)
  .use(({ ctx, next }) => {
    if (ctx.viewer.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Admins only" });
    return next();
  });

/**
 * An admin acting on another person's account (changing their role,
 * turning their two-factor off): from a browser session only, like the account procedures, and — when
 * the admin has two-factor on — a session that passed it. A leaked token or a
 * password-only session of an admin cannot take someone's second factor away.
 */
export const adminSessionProcedure = adminProcedure.use(async ({ ctx, next }) => {
  if (ctx.viewer.via !== "session") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Manage accounts from a signed-in browser" });
  }
  if (!ctx.viewer.secondFactor && (await ctx.data.twoFactor.status(ctx.viewer.id)).enabled) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Sign in again with your two-factor code to do that" });
  }
  return next();
});

/** How to find who owns one row of a resource; undefined for an unknown id. */
type OwnerLookup = (data: DataLayer, id: string) => Promise<string | undefined>;

/** What a viewer can own, and how to find its owner. */
const ownerOf = {
  post: (data: DataLayer, id: string) => data.posts.authorId(id),
  comment: (data: DataLayer, id: string) => data.comments.authorId(id),
  // Each owned resource's entry goes here (docs/adding-a-resource.md; pnpm gen resource --owned).
};

/**
 * Acts on one `resource` named by `input.id`: its author or an admin may,
 * anyone else gets NOT_FOUND — the same answer as for an id that does not
 * exist, so the reply never tells the two apart (docs/decisions/009).
 * Procedures add the rest of their input with `.input(…)`.
 */
export function ownerProcedure(resource: keyof typeof ownerOf) {
  return procedure
    .meta({ access: "owner" })
    .use(requireViewer)
    .input(z.object({ id: idSchema }))
    .use(async ({ ctx, input, next }) => {
      // Typed as a lookup, so this compiles whatever the map holds (nothing, after `pnpm demo:remove`).
      const lookup: OwnerLookup = ownerOf[resource];
      const ownerId = await lookup(ctx.data, input.id);
      const allowed = ownerId !== undefined && (ownerId === ctx.viewer.id || ctx.viewer.role === "admin");
      if (!allowed) throw new TRPCError({ code: "NOT_FOUND", message: `That ${resource} was not found` });
      return next();
    });
}
