import { checkCredentials, hashPassword, hashToken, newToken, RESET_TOKEN_TTL_MS } from "@trellis/auth";
import {
  changePasswordInput,
  requestPasswordResetInput,
  resetPasswordInput,
  signUpInput,
  updateProfileInput,
  viewerView,
} from "@trellis/validators";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

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
    const user = await ctx.data.accounts.signUp({ ...input, passwordHash: await hashPassword(input.password) });
    if (!user) {
      // Saying so reveals that the email has an account; a sign-up form cannot avoid that,
      // and rate limits (issue 10) keep it from becoming an enumeration oracle.
      throw new TRPCError({ code: "CONFLICT", message: "That email already has an account: sign in instead" });
    }
    return { id: user.id, name: user.name, email: user.email };
  }),

  updateProfile: protectedProcedure.input(updateProfileInput).mutation(async ({ ctx, input }) => {
    const user = await ctx.data.users.rename({ id: ctx.viewer.id, name: input.name });
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
    return { id: user.id, name: user.name };
  }),

  /** Needs the current password; ends every session, this one included (the client signs in again). */
  changePassword: protectedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const user = await ctx.data.users.byId(ctx.viewer.id);
    const checked = user && (await checkCredentials(ctx.data, { email: user.email, password: input.currentPassword }));
    if (!checked) {
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: "That is not your current password",
        cause: fieldError("currentPassword", "That is not your current password"),
      });
    }
    await ctx.data.accounts.setPassword({ userId: checked.id, passwordHash: await hashPassword(input.newPassword) });
    return { ok: true as const };
  }),

  /** Ends every session of yours, everywhere, at once. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    await ctx.data.users.revokeSessions(ctx.viewer.id);
    return { ok: true as const };
  }),

  /**
   * Emails a single-use link, valid 30 minutes, if the email has an account.
   * The answer is the same either way, and the email is sent after answering,
   * so neither the reply nor its timing says whether the account exists.
   */
  requestPasswordReset: publicProcedure.input(requestPasswordResetInput).mutation(async ({ ctx, input }) => {
    const { token, tokenHash } = newToken();
    const user = await ctx.data.users.byEmail(input.email);
    if (user) {
      await ctx.data.passwordResets.create({
        userId: user.id,
        tokenHash,
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      });
      const link = new URL(`/reset-password?token=${token}`, ctx.appUrl).toString();
      void ctx.mailer
        .send({
          to: user.email,
          subject: "Reset your Trellis password",
          text: `Someone asked to reset the password of your Trellis account.\n\nIf it was you, open this link within 30 minutes:\n\n${link}\n\nIf it was not, ignore this email: your password stays as it is.\n`,
        })
        .catch((error: unknown) => console.error("Could not send the password-reset email:", error));
    }
    return { ok: true as const };
  }),

  /** Spends the token and sets the password; every existing session ends. */
  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    const user = await ctx.data.passwordResets.redeem({
      tokenHash: hashToken(input.token),
      passwordHash: await hashPassword(input.password),
      now: new Date(),
    });
    if (!user) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "This reset link has expired or was already used" });
    }
    return { email: user.email };
  }),
});

/** A ZodError-shaped cause, so the form shows the message beside the right field. */
function fieldError(field: string, message: string) {
  return new ZodError([{ code: "custom", path: [field], message, input: undefined }]);
}
