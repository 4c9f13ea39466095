import { createMemoryBus, type EventBus, traceEvents } from "@trellis/api/events";
import { createRedisBus } from "@trellis/server/events";
import { redisDoesNotAnswer } from "@trellis/validators/redis-url";
import { settings } from "@trellis/validators/settings";

import { onShutdown } from "./shutdown";

// One bus per process, shared by every route (Next may load a module once per
// route bundle, and dev reloads it): kept on globalThis like the database.
const globalForEvents = globalThis as typeof globalThis & { trellisEvents?: Promise<EventBus> };

/**
 * In-process by default; across instances through Redis when REDIS_URL is set.
 * A REDIS_URL that does not answer stops the server at start (instrumentation),
 * never a silent fallback to in-process, which would split the instances.
 */
export function getEvents(): Promise<EventBus> {
  globalForEvents.trellisEvents ??= open().catch((error: unknown) => {
    globalForEvents.trellisEvents = undefined;
    throw error;
  });
  return globalForEvents.trellisEvents;
}

async function open(): Promise<EventBus> {
  // A span per publish when tracing is on (docs/decisions/049); the bus unchanged otherwise.
  const bus = traceEvents(await connect());
  onShutdown("event bus", () => bus.close());
  return bus;
}

async function connect(): Promise<EventBus> {
  const url = settings().redisUrl;
  if (!url) return createMemoryBus();
  try {
    // EVENTS_STREAM lets apps (or test workers) that share a Redis keep their events apart.
    return await createRedisBus(url, { stream: settings().eventsStream });
  } catch (error) {
    throw redisDoesNotAnswer(url, "the event bus", error);
  }
}
