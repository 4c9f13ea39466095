import {
  isPasskeyRefusal,
  type PasskeyRefusal,
  registerPasskey,
  registrationOptions,
  relyingParty,
  signInOptions,
} from "@trellis/auth";
import { registerPasskeyInput, removePasskeyInput, renamePasskeyInput } from "@trellis/validators/passkey";
import { TRPCError } from "@trpc/server";

import type { Logger } from "../logger";
import { enforceRateLimit } from "../rate-limit";
import { type Context, createTRPCRouter, publicProcedure, sessionProcedure, type Viewer } from "../trpc";

/** Adding a passkey needs a sign-in this recent: a passkey is a way in that outlives the session. */
export const PASSKEY_REGISTRATION_MAX_SIGN_IN_AGE_MS = 10 * 60 * 1000;

/**
 * A passkey is a new way in, one that counts as two factors: only a session
 * that signed in within the last 10 minutes may add one, and, when the user
 * has two-factor on, only one that passed it — the rule apiToken.create keeps.
 * A stolen session cookie, hours old or password-only, cannot add its own key.
 */
async function requireFreshSecondFactor(ctx: Pick<Context, "data">, viewer: Viewer): Promise<void> {
  const signedInAt = viewer.session?.signedInAt.getTime();
  if (signedInAt === undefined || Date.now() - signedInAt > PASSKEY_REGISTRATION_MAX_SIGN_IN_AGE_MS) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Sign in again to add a passkey" });
  }
  if (!viewer.secondFactor && (await ctx.data.twoFactor.status(viewer.id)).enabled) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Sign in again with your two-factor code to add a passkey" });
  }
}

/**
 * Your passkeys (WebAuthn, ADR 047), from a browser session only — a leaked
 * API token must not add a way in — and the options a passkey sign-in starts
 * from. The sign-in itself is Auth.js's (the "passkey" provider,
 * @trellis/auth/next). No REST: a ceremony needs a browser.
 */
export const passkeyRouter = createTRPCRouter({
  list: sessionProcedure.query(({ ctx }) => ctx.data.passkeys.list(ctx.viewer.id)),

  /** Starts adding a passkey: options for navigator.credentials.create(), with a challenge kept for 5 minutes. */
  registrationOptions: sessionProcedure.mutation(async ({ ctx }) => {
    await requireFreshSecondFactor(ctx, ctx.viewer);
    const user = await ctx.data.users.byId(ctx.viewer.id);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
    return registrationOptions(ctx.data, relyingParty(ctx.appUrl), user);
  }),

  /** Finishes adding one: the authenticator's answer, verified against the challenge, this site and its key. */
  register: sessionProcedure.input(registerPasskeyInput).mutation(async ({ ctx, input }) => {
    await requireFreshSecondFactor(ctx, ctx.viewer);
    const registered = await registerPasskey(ctx.data, relyingParty(ctx.appUrl), {
      userId: ctx.viewer.id,
      response: input.response,
      name: input.name,
    });
    if (isPasskeyRefusal(registered)) throw refused(ctx.log, registered, "That passkey could not be added: try again");
    return registered;
  }),

  rename: sessionProcedure.input(renamePasskeyInput).mutation(async ({ ctx, input }) => {
    const renamed = await ctx.data.passkeys.rename({ id: input.id, userId: ctx.viewer.id, name: input.name });
    if (!renamed) throw new TRPCError({ code: "NOT_FOUND", message: "That passkey was not found" });
    return renamed;
  }),

  remove: sessionProcedure.input(removePasskeyInput).mutation(async ({ ctx, input }) => {
    const removed = await ctx.data.passkeys.remove({ id: input.id, userId: ctx.viewer.id });
    if (!removed) throw new TRPCError({ code: "NOT_FOUND", message: "That passkey was not found" });
    return { id: input.id };
  }),

  /**
   * Starts a passkey sign-in: options for navigator.credentials.get(), naming
   * no passkey (the browser offers those it holds for this site). A mutation:
   * it stores the challenge, so it is limited per address.
   */
  signInOptions: publicProcedure.mutation(async ({ ctx }) => {
    await enforceRateLimit(
      ctx.rateLimits,
      "passkeyChallengesPerIp",
      ctx.ip,
      "Too many passkey sign-ins from your network",
    );
    return signInOptions(ctx.data, relyingParty(ctx.appUrl));
  }),
});

/** A ceremony that failed: the reason goes to the log, the caller learns only that it failed. */
function refused(log: Logger, refusal: PasskeyRefusal, message: string): TRPCError {
  log.info({ passkey: refusal.reason }, "Passkey registration refused");
  return new TRPCError({ code: "BAD_REQUEST", message });
}
