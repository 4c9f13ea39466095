import { checkCredentials, GUESSABLE_PASSWORD, hashPassword, hashToken, isGuessablePassword } from "@trellis/auth";
import type { User } from "@trellis/db";
import {
  changePasswordInput,
  checkPasswordResetInput,
  requestPasswordResetInput,
  resetPasswordInput,
  signUpInput,
  updateProfileInput,
  viewerView,
} from "@trellis/validators";
import { TRPCError } from "@trpc/server";
import { ZodRealError, z } from "zod";

import { enforceRateLimit, limitPasswordCheck, tooManyRequests } from "../rate-limit";
import { createTRPCRouter, protectedProcedure, publicProcedure, sessionProcedure } from "../trpc";

/**
 * Your own account. Signing in and out is Auth.js's job (packages/auth);
 * these are the writes around it.
 */
export const accountRouter = createTRPCRouter({
  /** Who the session says you are, or null. */
  me: publicProcedure
    .meta({ openapi: { method: "GET", path: "/me", tags: ["account"], summary: "Who you are signed in as" } })
    .output(viewerView.nullable())
    .query(({ ctx }) => ctx.viewer),

  /** Your own account details, for the settings page. */
  profile: protectedProcedure.query(async ({ ctx }) => {
    const user = await ctx.data.users.byId(ctx.viewer.id);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
    return { id: user.id, name: user.name, email: user.email, role: user.role };
  }),

  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await enforceRateLimit(ctx.rateLimits, "signUpsPerIp", ctx.ip, "Too many sign-ups from your network");
    await refuseGuessable("password", input.password, [input.name, input.email]);
    const passwordHash = await hashPassword(input.password);
    // The welcome email is stored with the account, in its transaction (table backend): both or neither.
    const user = await ctx.jobs.enqueueWith(
      (outbox) => ctx.data.accounts.signUp({ ...input, passwordHash, jobs: outbox }),
      (created: User) => [
        {
          name: "email.welcome",
          payload: { userId: created.id },
          options: { idempotencyKey: `welcome:${created.id}` },
        },
      ],
    );
    if (!user) {
      // Saying so reveals that the email has an account; a sign-up form cannot avoid that,
      // and its rate limit (RATE_LIMITS.signUpsPerIp) keeps it from becoming an enumeration oracle.
      throw new TRPCError({ code: "CONFLICT", message: "That email already has an account: sign in instead" });
    }
    return { id: user.id, name: user.name, email: user.email };
  }),

  // Only the display name: a token may set it, as it may write posts under it (ADR 026).
  updateProfile: protectedProcedure.input(updateProfileInput).mutation(async ({ ctx, input }) => {
    const user = await ctx.data.users.rename({ id: ctx.viewer.id, name: input.name });
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
    return { id: user.id, name: user.name };
  }),

  /**
   * Needs the current password and a browser session (a leaked API token must
   * not be able to guess it); ends every session, this one included (the
   * client signs in again).
   */
  changePassword: sessionProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const user = await ctx.data.users.byId(ctx.viewer.id);
    // A wrong current password is a guess like a wrong sign-in: it counts against the same per-account lockout,
    // and a locked account's password is not checked here either. Not per address: that budget is for guessing
    // across accounts, and this caller is bound to one.
    const guarded = user
      ? await limitPasswordCheck(ctx.rateLimits, { email: user.email, ip: null }, () =>
          checkCredentials(ctx.data, { email: user.email, password: input.currentPassword }),
        )
      : { refused: false as const, result: null };
    if (guarded.refused) {
      throw tooManyRequests("signInFailuresPerAccount", guarded.retryAfterSeconds, "Too many wrong passwords");
    }
    const checked = guarded.result;
    if (!checked) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "That is not your current password",
        cause: fieldError("currentPassword", "That is not your current password"),
      });
    }
    await refuseGuessable("newPassword", input.newPassword, [checked.name, checked.email]);
    await ctx.data.accounts.setPassword({ userId: checked.id, passwordHash: await hashPassword(input.newPassword) });
    return { ok: true as const };
  }),

  /** Ends every session of yours, everywhere, at once. From a browser only: a token must not lock its owner out. */
  signOutEverywhere: sessionProcedure.mutation(async ({ ctx }) => {
    await ctx.data.users.revokeSessions(ctx.viewer.id);
    return { ok: true as const };
  }),

  /**
   * Emails a single-use link, valid 30 minutes, if the email has an account.
   * The request only enqueues the job (email.password-reset in @trellis/jobs),
   * for any address: the worker looks the account up, makes the token and
   * sends. Neither the reply nor its timing says whether the account exists.
   */
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(async ({ ctx, input }) => {
    // Counted whether or not the email has an account, so a refusal says nothing about it either.
    await enforceRateLimit(ctx.rateLimits, "passwordResetsPerIp", ctx.ip, "Too many password resets from your network");
    await enforceRateLimit(
      ctx.rateLimits,
      "passwordResetEmailsPerAddress",
      input.email,
      "Too many reset emails for this address",
    );
    await ctx.jobs.enqueue("email.password-reset", { email: input.email });
    return { ok: true as const };
  }),

  /**
   * Whether a reset link still works, for its page to say so before anyone
   * types a password: spends nothing and names no account. Every token, even
   * one no link ever carried, is hashed and looked up, so the answer's timing
   * tells a made-up one from a spent one no better than its value does.
   */
  checkPasswordReset: publicProcedure
    .input(checkPasswordResetInput)
    .output(z.object({ valid: z.boolean() }))
    .query(async ({ ctx, input }) => {
      await enforceRateLimit(
        ctx.rateLimits,
        "passwordResetChecksPerIp",
        ctx.ip,
        "Too many password reset links opened from your network",
      );
      const valid = await ctx.data.passwordResets.isSpendable({ tokenHash: hashToken(input.token), now: new Date() });
      return { valid };
    }),

  /** Spends the token and sets the password; every existing session ends. */
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await enforceRateLimit(ctx.rateLimits, "passwordResetsPerIp", ctx.ip, "Too many password resets from your network");
    // Before redeeming: a refused password leaves the link usable for a better one.
    await refuseGuessable("password", input.password);
    const user = await ctx.data.passwordResets.redeem({
      tokenHash: hashToken(input.token),
      passwordHash: await hashPassword(input.password),
      now: new Date(),
    });
    if (!user) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "This reset link has expired or was already used" });
    }
    // Proof of the mailbox: whoever failed sign-ins on purpose must not keep the owner out with the new password.
    await ctx.rateLimits.reset("signInFailuresPerAccount", user.email);
    return { email: user.email };
  }),
});

/**
 * BAD_REQUEST beside the password field for a common or easily guessed
 * password: the dictionary check the browser's schema leaves to the server.
 */
async function refuseGuessable(field: string, password: string, context: string[] = []) {
  if (await isGuessablePassword(password, context)) {
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: GUESSABLE_PASSWORD,
      cause: fieldError(field, GUESSABLE_PASSWORD),
    });
  }
}

/**
 * A ZodError cause, so the form shows the message beside the right field.
 * ZodRealError, not ZodError: only it is an Error, and tRPC keeps only an
 * Error as the cause (anything else becomes an UnknownCauseError, and the
 * error formatter finds no field errors).
 */
function fieldError(field: string, message: string) {
  return new ZodRealError([{ code: "custom", path: [field], message, input: undefined }]);
}
