import type { DataLayer } from "@trellis/db";
import { redactUrl } from "@trellis/db/redact-url";

import { createBullQueue } from "./bullmq-queue";
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
    return await createBullQueue(definitions, { url: redisUrl, queueName, receipts: data.jobReceipts });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`REDIS_URL does not answer (${redactUrl(redisUrl)}) for the job queue: ${reason}`, {
      cause: error,
    });
  }
}
