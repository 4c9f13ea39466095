import { listUsersInput, resetTwoFactorInput, setRoleInput } from "@trellis/validators";
import { TRPCError } from "@trpc/server";

import { adminProcedure, adminSessionProcedure, createTRPCRouter } from "../trpc";
import { adminExportsRouter } from "./admin-exports";
import { adminJobsRouter } from "./admin-jobs";

/** Moderation. Deleting anyone's post or comment needs nothing here: ownerProcedure lets admins through. */
export const adminRouter = createTRPCRouter({
  /** Background jobs: counts, the failed list, retry and discard, the weekly digests. */
  jobs: adminJobsRouter,
  /** CSV exports of every post. */
  exports: adminExportsRouter,

  /** Everyone, newest first, searchable by name or email. */
  users: adminProcedure.input(listUsersInput).query(async ({ ctx, input }) => {
    const page = await ctx.data.users.list(input);
    const withTwoFactor = new Set(await ctx.data.twoFactor.enabledAmong(page.items.map((user) => user.id)));
    // Only what the admin page shows: never the session version.
    return {
      nextCursor: page.nextCursor,
      items: page.items.map(({ id, name, email, role, createdAt }) => ({
        id,
        name,
        email,
        role,
        createdAt,
        twoFactor: withTwoFactor.has(id),
      })),
    };
  }),

  /**
   * Makes someone an admin, or a user again: from a browser session only (adminSessionProcedure), so a
   * leaked admin token cannot raise another account to admin.
   */
  setRole: adminSessionProcedure.input(setRoleInput).mutation(async ({ ctx, input }) => {
    // An admin demoting themselves could leave nobody able to undo it.
    if (input.userId === ctx.viewer.id) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "You cannot change your own role" });
    }
    const user = await ctx.data.users.setRole({ id: input.userId, role: input.role });
    if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "That user was not found" });
    return { id: user.id, role: user.role };
  }),

  /**
   * Turns a user's two-factor off (a lost phone and lost recovery codes): they
   * sign in with the password alone and may set it up again. Their sessions
   * end — the lost phone may be a stolen one, signed in. From an admin's
   * browser session that passed two-factor when the admin has it on; never
   * on oneself (Settings turns your own off, with a code). Audited: the log
   * line names who did it to whom, never a code.
   */
  resetTwoFactor: adminSessionProcedure.input(resetTwoFactorInput).mutation(async ({ ctx, input }) => {
    if (input.userId === ctx.viewer.id) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "Turn your own two-factor off in Settings" });
    }
    const user = await ctx.data.users.byId(input.userId);
    if (!user) throw new TRPCError({ code: "NOT_FOUND", message: "That user was not found" });
    const wasOn = await ctx.data.twoFactor.disable(user.id);
    await ctx.data.users.revokeSessions(user.id);
    ctx.log.info(
      { audit: { action: "two-factor.reset", actorId: ctx.viewer.id, targetId: user.id, wasOn } },
      "admin reset a user's two-factor",
    );
    return { id: user.id, twoFactor: false as const };
  }),
});
