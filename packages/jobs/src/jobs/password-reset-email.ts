import { newToken, RESET_TOKEN_TTL_MS } from "@trellis/auth";
import { requestPasswordResetInput } from "@trellis/validators";

import { defineJob } from "../define";
import type { AppServices } from "./services";

/**
 * Emails a single-use reset link, valid 30 minutes, if the address has an
 * account. The token is made here, in the worker, not in the request: only
 * its hash is ever stored, so neither the queue (a table, or Redis) nor the
 * failed list an admin reads ever holds a usable token (ADR 023).
 */
export const passwordResetEmail = defineJob({
  name: "email.password-reset",
  payload: requestPasswordResetInput,
  run: async ({ email }, { data, mailer, appUrl }: AppServices, job) => {
    const user = await data.users.byEmail(email);
    // No account: nothing to send. The request answered the same either way.
    if (!user) return;
    await job.once("send", async () => {
      const { token, tokenHash } = newToken();
      await data.passwordResets.create({
        userId: user.id,
        tokenHash,
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      });
      const link = new URL(`/reset-password?token=${token}`, appUrl).toString();
      await mailer.send({
        to: user.email,
        subject: "Reset your Trellis password",
        text: `Someone asked to reset the password of your Trellis account.\n\nIf it was you, open this link within 30 minutes:\n\n${link}\n\nIf it was not, ignore this email: your password stays as it is.\n`,
      });
    });
  },
});
