import type { WeeklyDigest } from "@trellis/db";
import { idSchema } from "@trellis/validators";
import { z } from "zod";

import { defineJob } from "../define";
import type { AppServices } from "./services";

/** Top posts and new comments per digest. */
export const DIGEST_LIMIT = 5;

/**
 * One user's weekly digest: the week's most liked posts and the comments
 * others left on theirs, as an email. Nothing new: no email.
 */
export const weeklyDigest = defineJob({
  name: "report.weekly-digest",
  payload: z.object({ userId: idSchema, since: z.iso.datetime() }),
  run: async ({ userId, since }, { data, mailer, appUrl }: AppServices, job) => {
    const user = await data.users.byId(userId);
    if (!user) return;
    const digest = await data.reports.weeklyDigest({ userId, since: new Date(since), limit: DIGEST_LIMIT });
    if (digest.topPosts.length === 0 && digest.newComments.length === 0) return;
    await job.once("send", () =>
      mailer.send({ to: user.email, subject: "Your week on Trellis", text: renderDigest(user.name, digest, appUrl) }),
    );
  },
});

/** The digest as plain text (the mailer sends text only). */
export function renderDigest(name: string, digest: WeeklyDigest, appUrl: string): string {
  const postUrl = (id: string) => new URL(`/posts/${id}`, appUrl).toString();
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = [`Hi ${name},`, "", "Here is your week on Trellis."];
  if (digest.topPosts.length > 0) {
    lines.push("", "Top posts this week:", "");
    digest.topPosts.forEach((post, i) => {
      lines.push(
        `${i + 1}. ${post.title}, by ${post.authorName} (${plural(post.likeCount, "like")}, ${plural(post.commentCount, "comment")})`,
        `   ${postUrl(post.id)}`,
      );
    });
  }
  if (digest.newComments.length > 0) {
    lines.push("", "New comments on your posts:", "");
    for (const comment of digest.newComments) {
      const body = comment.body.length > 140 ? `${comment.body.slice(0, 139)}…` : comment.body;
      lines.push(`- ${comment.authorName} on "${comment.postTitle}": ${body}`, `  ${postUrl(comment.postId)}`);
    }
  }
  lines.push("", "See you on Trellis.", "");
  return lines.join("\n");
}
