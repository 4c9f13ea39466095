import { channel } from "node:diagnostics_channel";

/**
 * One job attempt finished, on either backend: its job's name (a closed set,
 * the definitions), whether it failed, how long it ran. Published on a Node
 * diagnostics channel (as @trellis/api's diagnostics.ts explains), for
 * metrics; free when nothing subscribes. Never the payload.
 */
export interface JobAttemptMessage {
  name: string;
  failed: boolean;
  durationMs: number;
}

export const jobAttempts = channel("trellis:jobs:attempt");
