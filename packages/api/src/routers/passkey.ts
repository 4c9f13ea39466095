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
import { createTRPCRouter, publicProcedure, sessionProcedure } from "../trpc";

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
    const user = await ctx.data.users.byId(ctx.viewer.id);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in again" });
    return registrationOptions(ctx.data, relyingParty(ctx.appUrl), user);
  }),

  /** Finishes adding one: the authenticator's answer, verified against the challenge, this site and its key. */
  register: sessionProcedure.input(registerPasskeyInput).mutation(async ({ ctx, input }) => {
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
