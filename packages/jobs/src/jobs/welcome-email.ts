import { idSchema } from "@trellis/validators";
import { z } from "zod";

import { defineJob } from "../define";
import type { AppServices } from "./services";

/** Greets a new account. Enqueued with the sign-up itself, keyed by the user, so one account gets one welcome. */
export const welcomeEmail = defineJob({
  name: "email.welcome",
  payload: z.object({ userId: idSchema }),
  run: async ({ userId }, { data, mailer, appUrl }: AppServices, job) => {
    const user = await data.users.byId(userId);
    // Deleted before the job ran: nobody to welcome.
    if (!user) return;
    await job.once("send", () =>
      mailer.send({
        to: user.email,
        subject: "Welcome to Trellis",
        text: `Hi ${user.name},\n\nYour Trellis account is ready. Read what people are writing, and write something yourself:\n\n${new URL("/", appUrl).toString()}\n\nYou signed up as ${user.email}.\n`,
      }),
    );
  },
});
