import type { DataLayer } from "@trellis/db";
import { redisDoesNotAnswer } from "@trellis/validators/redis-url";

import type { AnyJob } from "./define";
import type { JobQueue } from "./queue";
import { createTableQueue } from "./table-queue";

/**
 * The queue the environment asks for: BullMQ when REDIS_URL is set (several
 * instances, dedicated workers), else the table in the app's own database.
 * A REDIS_URL that does not answer fails here with one line naming it —
 * never a silent fallback to the table, which would split the jobs in two.
 */
export async function openJobQueue<Defs extends AnyJob>(
  definitions: readonly Defs[],
  { data, redisUrl, queueName }: { data: DataLayer; redisUrl?: string | undefined; queueName?: string | undefined },
): Promise<JobQueue<Defs>> {
  if (!redisUrl) return createTableQueue(definitions, data);
  try {
    // Loaded only here: an app without Redis (and @trellis/api, which imports this package) never loads BullMQ or ioredis.
    const { createBullQueue } = await import("./bullmq-queue");
    return await createBullQueue(definitions, { url: redisUrl, queueName, receipts: data.jobReceipts });
  } catch (error) {
    throw redisDoesNotAnswer(redisUrl, "the job queue", error);
  }
}
