import { sqliteAccounts } from "../data/accounts/sqlite";
import { sqliteApiTokens } from "../data/api-tokens/sqlite";
import { sqliteComments } from "../data/comments/sqlite";
import { sqliteJobReceipts } from "../data/job-receipts/sqlite";
import { sqliteJobs } from "../data/jobs/sqlite";
import { sqliteLikes } from "../data/likes/sqlite";
import { sqlitePasskeys } from "../data/passkeys/sqlite";
import { sqlitePasswordResets } from "../data/password-resets/sqlite";
import { sqlitePostExports } from "../data/post-exports/sqlite";
import { sqlitePosts } from "../data/posts/sqlite";
import { sqliteReports } from "../data/reports/sqlite";
import { sqliteSessions } from "../data/sessions/sqlite";
import { sqliteTwoFactor } from "../data/two-factor/sqlite";
import type { DataLayer } from "../data/types";
import { sqliteUsers } from "../data/users/sqlite";
import { sqliteWebauthnChallenges } from "../data/webauthn-challenges/sqlite";
import type { SqliteDb, WriteTransaction } from "./transaction";

/**
 * The data layer on SQLite (better-sqlite3): one module per resource, each
 * at data/<resource>/sqlite.ts beside its Postgres twin (see ../pg/data.ts).
 * Whatever groups writes gets `transaction`, the only way in (./transaction.ts).
 */
export function createSqliteData(db: SqliteDb, transaction: WriteTransaction): DataLayer {
  return {
    users: sqliteUsers(db),
    sessions: sqliteSessions(db),
    twoFactor: sqliteTwoFactor(db, transaction),
    accounts: sqliteAccounts(db, transaction),
    passwordResets: sqlitePasswordResets(db, transaction),
    apiTokens: sqliteApiTokens(db),
    passkeys: sqlitePasskeys(db),
    webauthnChallenges: sqliteWebauthnChallenges(db),
    posts: sqlitePosts(db),
    comments: sqliteComments(db),
    likes: sqliteLikes(transaction),
    jobs: sqliteJobs(db, transaction),
    jobReceipts: sqliteJobReceipts(db),
    postExports: sqlitePostExports(db, transaction),
    reports: sqliteReports(db),
  };
}
