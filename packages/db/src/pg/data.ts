import { pgAccounts } from "../data/accounts/pg";
import { pgApiTokens } from "../data/api-tokens/pg";
import { pgComments } from "../data/comments/pg";
import { pgJobReceipts } from "../data/job-receipts/pg";
import { pgJobs } from "../data/jobs/pg";
import { pgLikes } from "../data/likes/pg";
import { pgPasskeys } from "../data/passkeys/pg";
import { pgPasswordResets } from "../data/password-resets/pg";
import { pgPostExports } from "../data/post-exports/pg";
import { pgPosts } from "../data/posts/pg";
import { pgReports } from "../data/reports/pg";
import { pgSessions } from "../data/sessions/pg";
import { pgTwoFactor } from "../data/two-factor/pg";
import type { DataLayer } from "../data/types";
import { pgUsers } from "../data/users/pg";
import { pgWebauthnChallenges } from "../data/webauthn-challenges/pg";
import type { PgDb } from "./db";

export type { PgDb } from "./db";

/**
 * The data layer on Postgres: one module per resource, each at
 * data/<resource>/pg.ts beside its SQLite twin (see ../sqlite/data.ts).
 */
export function createPgData(db: PgDb): DataLayer {
  return {
    users: pgUsers(db),
    sessions: pgSessions(db),
    twoFactor: pgTwoFactor(db),
    accounts: pgAccounts(db),
    passwordResets: pgPasswordResets(db),
    apiTokens: pgApiTokens(db),
    passkeys: pgPasskeys(db),
    webauthnChallenges: pgWebauthnChallenges(db),
    posts: pgPosts(db),
    comments: pgComments(db),
    likes: pgLikes(db),
    jobs: pgJobs(db),
    jobReceipts: pgJobReceipts(db),
    postExports: pgPostExports(db),
    reports: pgReports(db),
  };
}
