import { startTracing, stopTracing } from "@trellis/server/tracing";

import { onShutdown } from "./shutdown";

// Whoever starts the services first — the production server, Next's instrumentation, `pnpm worker` —
// starts tracing and registers its shutdown; a second caller gets the same promise. On globalThis,
// as Next's bundle has its own copy of this module.
const globalForTraces = globalThis as typeof globalThis & { trellisTraces?: Promise<boolean> };

/**
 * Starts tracing (docs/decisions/049) and registers "traces" with the
 * shutdown registry, once per process. Registered twice, the second entry
 * would close first (newest first) — sending the last spans and stopping
 * the tracer before the job worker registered in between had drained.
 * Resolves true when tracing is on.
 */
export function startTraces(): Promise<boolean> {
  globalForTraces.trellisTraces ??= startTracing().then((tracing) => {
    if (tracing) onShutdown("traces", stopTracing);
    return tracing !== null;
  });
  return globalForTraces.trellisTraces;
}
