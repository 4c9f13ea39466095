import { newApiToken } from "@trellis/auth";
import { createApiTokenInput, revokeApiTokenInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { createTRPCRouter, sessionProcedure } from "../trpc";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Your API tokens, for the typed client and the CLI. Only from a browser session (sessionProcedure). */
export const apiTokenRouter = createTRPCRouter({
  list: sessionProcedure.query(({ ctx }) => ctx.data.apiTokens.list(ctx.viewer.id)),

  /** Returns the secret this once; afterwards only its prefix is ever shown. */
  create: sessionProcedure.input(createApiTokenInput).mutation(async ({ ctx, input }) => {
    // A token outlives the session and skips the second factor: only a session that passed it may mint one.
    if (!ctx.viewer.secondFactor && (await ctx.data.twoFactor.status(ctx.viewer.id)).enabled) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Sign in again with your two-factor code to create a token" });
    }
    const { secret, prefix, tokenHash } = newApiToken();
    const token = await ctx.data.apiTokens.create({
      userId: ctx.viewer.id,
      name: input.name,
      scope: input.scope,
      prefix,
      tokenHash,
      expiresAt: input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * DAY_MS),
    });
    return { token, secret };
  }),

  revoke: sessionProcedure.input(revokeApiTokenInput).mutation(async ({ ctx, input }) => {
    const revoked = await ctx.data.apiTokens.revoke({ id: input.id, userId: ctx.viewer.id, now: new Date() });
    if (!revoked) throw new TRPCError({ code: "NOT_FOUND", message: "That token was not found" });
    return { id: input.id };
  }),
});
