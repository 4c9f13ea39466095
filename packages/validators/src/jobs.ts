import { z } from "zod";

import { idSchema } from "./id";

/** A background job's id: a UUIDv7 on the table backend, BullMQ's own id on Redis. */
export const jobIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\w.:-]+$/, "Not a valid job id");

export const jobIdInput = z.object({ id: jobIdSchema });
export const failedJobsInput = z.object({ limit: z.number().int().min(1).max(100).default(50) });
export const exportIdInput = z.object({ id: idSchema });
