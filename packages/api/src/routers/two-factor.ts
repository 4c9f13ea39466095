import {
  newRecoveryCodes,
  newTotpSecret,
  normalizeCode,
  type SecondFactor,
  spendSecondFactor,
  totpSetup,
  totpStep,
} from "@trellis/auth";
import { twoFactorCodeInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { limitPasswordCheck, tooManyRequests } from "../rate-limit";
import { type Context, createTRPCRouter, sessionProcedure, type Viewer } from "../trpc";

/**
 * Two-factor sign-in with an authenticator app (ADR 046): turning it on with a
 * first code, off with a current one, and the one-time recovery codes. Only
 * from a browser session (sessionProcedure): a token must not be able to
 * switch off what protects the account, nor read a new secret.
 */
export const twoFactorRouter = createTRPCRouter({
  /** Whether it is on, and how many recovery codes are left. */
  status: sessionProcedure.query(({ ctx }) => ctx.data.twoFactor.status(ctx.viewer.id)),

  /**
   * A new secret, kept pending until `confirm`: the QR code to scan and the
   * secret to type. Starting again replaces a pending secret; CONFLICT when on.
   */
  begin: sessionProcedure.mutation(async ({ ctx }) => {
    const user = await ctx.data.users.byId(ctx.viewer.id);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
    const secret = newTotpSecret();
    if (!(await ctx.data.twoFactor.begin({ userId: user.id, secret }))) throw alreadyOn();
    return totpSetup(secret, user.email);
  }),

  /**
   * Turns it on with a first code from the app, and returns the ten recovery
   * codes, this once. This session has now passed a second factor too.
   */
  confirm: sessionProcedure.input(twoFactorCodeInput).mutation(async ({ ctx, input }) => {
    const pending = await ctx.data.twoFactor.secret(ctx.viewer.id);
    if (pending?.enabled) throw alreadyOn();
    if (!pending) throw new TRPCError({ code: "BAD_REQUEST", message: "Start setting up two-factor first" });
    const step = await limitedCodeCheck(ctx, async () => totpStep(pending.secret, normalizeCode(input.code)));
    const { codes, hashes } = newRecoveryCodes();
    const enabled = await ctx.data.twoFactor.enable({
      userId: ctx.viewer.id,
      secret: pending.secret,
      step,
      recoveryCodeHashes: hashes,
    });
    // Another tab started again or finished first: this code was for a secret no longer pending.
    if (!enabled) throw new TRPCError({ code: "CONFLICT", message: "Two-factor setup changed: start again" });
    await markSessionPassed(ctx, ctx.viewer);
    return { recoveryCodes: codes };
  }),

  /** Turns it off; needs a current code or a recovery code. */
  disable: sessionProcedure.input(twoFactorCodeInput).mutation(async ({ ctx, input }) => {
    await spendUnderLimit(ctx, input.code);
    await ctx.data.twoFactor.disable(ctx.viewer.id);
    return { ok: true as const };
  }),

  /** Replaces every recovery code with ten new ones, shown this once; needs a current code. */
  regenerateRecoveryCodes: sessionProcedure.input(twoFactorCodeInput).mutation(async ({ ctx, input }) => {
    await spendUnderLimit(ctx, input.code);
    const { codes, hashes } = newRecoveryCodes();
    await ctx.data.twoFactor.replaceRecoveryCodes({ userId: ctx.viewer.id, codeHashes: hashes });
    return { recoveryCodes: codes };
  }),
});

const alreadyOn = () => new TRPCError({ code: "CONFLICT", message: "Two-factor is already on" });

/**
 * Runs a code check under the sign-in limits, as a wrong password: a wrong
 * code counts against the account's lockout, and a locked account's codes are
 * not checked (limitPasswordCheck). Returns what the check found; a wrong code
 * is BAD_REQUEST beside the field.
 */
async function limitedCodeCheck<T>(ctx: Context & { viewer: Viewer }, check: () => Promise<T | null>): Promise<T> {
  const user = await ctx.data.users.byId(ctx.viewer.id);
  if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
  const guarded = await limitPasswordCheck(ctx.rateLimits, { email: user.email, ip: null }, check);
  if (guarded.refused) {
    throw tooManyRequests("signInFailuresPerAccount", guarded.retryAfterSeconds, "Too many wrong codes");
  }
  if (guarded.result === null) {
    throw new TRPCError({ code: "BAD_REQUEST", message: "That code is not valid" });
  }
  return guarded.result;
}

/** Spends a current code or a recovery code of a user who has two-factor on. */
async function spendUnderLimit(ctx: Context & { viewer: Viewer }, code: string): Promise<SecondFactor> {
  const status = await ctx.data.twoFactor.status(ctx.viewer.id);
  if (!status.enabled) throw new TRPCError({ code: "BAD_REQUEST", message: "Two-factor is not on" });
  return limitedCodeCheck(ctx, () => spendSecondFactor(ctx.data, ctx.viewer.id, code));
}

/**
 * The session that just proved a code counts as having passed a second
 * factor, for as long as it lives. Its cookie cannot be rewritten from here,
 * so a row says so (ADR 046).
 */
async function markSessionPassed(ctx: Context, viewer: Viewer): Promise<void> {
  if (!viewer.session) return;
  await ctx.data.twoFactor.markSession({
    sessionId: viewer.session.id,
    expiresAt: viewer.session.expiresAt,
    now: new Date(),
  });
}
