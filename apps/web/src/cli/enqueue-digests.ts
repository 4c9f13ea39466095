/**
 * `pnpm jobs:digest`: enqueues this week's digest for every user, for a
 * weekly cron (e.g. `0 8 * * 1 cd /srv/trellis && pnpm jobs:digest`). A
 * second run in the same week adds nothing. The app's worker (or `pnpm
 * worker`) sends them; this only enqueues, and exits.
 *
 *   node --import tsx src/cli/enqueue-digests.ts
 */

import { enqueueWeeklyDigests } from "@trellis/jobs";
import { logger } from "@trellis/server/log";
import { getDatabase } from "../server/db";
import { envProblems } from "../server/env";
import { getJobs } from "../server/jobs";
import { closeRegistered } from "../server/shutdown";

const problems = envProblems();
if (problems.length > 0) {
  console.error(`Cannot enqueue digests: ${problems.join("; ")}`);
  process.exit(1);
}

let code = 0;
try {
  const [queue, { data }] = await Promise.all([getJobs(), getDatabase()]);
  const users = await enqueueWeeklyDigests(queue, data);
  console.log(`Enqueued the weekly digest for ${users} user(s) (${queue.backend} queue).`);
} catch (error) {
  console.error(`Cannot enqueue digests: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
}
await closeRegistered({ timeoutMs: 5_000, log: logger() });
process.exit(code);
