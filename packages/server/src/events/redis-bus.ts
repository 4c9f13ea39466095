import { setTimeout as sleep } from "node:timers/promises";

import { currentTraceparent, type EventBus, FanOut, type StoredEvent, type TrellisEvent } from "@trellis/api/events";
import { traceRedis } from "@trellis/jobs/spans";
import { parse, stringify } from "devalue";
import { Redis } from "ioredis";
import { logger } from "../log";

/**
 * The bus across instances: a Redis stream is the shared log. Publishing
 * appends to it (XADD, trimmed to about `maxLength` entries); each instance
 * reads it in one blocking loop (XREAD) and fans the entries out to its own
 * subscribers; a resuming subscriber replays from it (XRANGE). A stream rather
 * than PUBLISH/SUBSCRIBE because plain pub/sub forgets: a subscriber that
 * blinks misses what was sent meanwhile, and a reconnecting client could not
 * resume (docs/decisions/017).
 *
 * Connects before resolving, so an unreachable REDIS_URL fails at start.
 */
export async function createRedisBus(
  url: string,
  { stream = "trellis:events", maxLength = 10_000 }: { stream?: string; maxLength?: number } = {},
): Promise<EventBus> {
  const commands = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  // Without a listener ioredis reports each failed reconnect as unhandled; say it once per failure, plainly.
  // Before the first connection, keep it: it is the reason startup fails with, in its one line.
  let connected = false;
  let connectError: Error | undefined;
  commands.on("error", (error: Error) => {
    if (connected) logger().error({ err: error }, `Event bus: Redis: ${error.message}`);
    else connectError = error;
  });
  try {
    await commands.connect();
    connected = true;
  } catch (error) {
    commands.disconnect(); // else it keeps retrying in the background
    throw connectError ?? error; // ioredis rejects with "Connection is closed."; the cause is the error event's
  }
  const reader = commands.duplicate();
  reader.on("error", () => {}); // the read loop below reports its own failures
  const fanOut = new FanOut();
  let closed = false;
  // Whether the read loop hears the stream now, and who wants to know when that changes.
  let hearing = true;
  const readingWatchers = new Set<(reading: boolean) => void>();
  const setReading = (value: boolean) => {
    if (value === hearing) return;
    hearing = value;
    for (const watcher of readingWatchers) watcher(value);
  };

  // An entry's fields: "e" and the event, then — published with tracing on — "tp" and its trace context.
  const toStored = ([id, fields]: [string, string[]]): StoredEvent => {
    const stored: StoredEvent = { id, event: parse(fields[1] ?? "null") as TrellisEvent };
    if (fields[2] === "tp" && fields[3]) stored.traceparent = fields[3];
    return stored;
  };

  // Read from the end of the log as it is now, then from each entry read:
  // after a dropped connection the loop picks up exactly where it stopped.
  const [newest] = await commands.xrevrange(stream, "+", "-", "COUNT", 1);
  let cursor = newest?.[0] ?? "0-0";
  const reading = (async () => {
    while (!closed) {
      try {
        const reply = await reader.xread("COUNT", 100, "BLOCK", 5_000, "STREAMS", stream, cursor);
        for (const [, entries] of reply ?? []) {
          for (const entry of entries) {
            cursor = entry[0];
            fanOut.deliver(toStored(entry));
          }
        }
        // Only now, with what was missed delivered: a watcher that reopens on it has heard it all.
        setReading(true);
      } catch (error) {
        if (closed) break;
        setReading(false);
        logger().error({ err: error }, "Event bus: reading the Redis stream failed, retrying");
        await sleep(500);
      }
    }
  })();

  return {
    async publish(event) {
      const traceparent = currentTraceparent();
      const fields = traceparent ? ["e", stringify(event), "tp", traceparent] : ["e", stringify(event)];
      const id = await traceRedis("xadd", () => commands.xadd(stream, "MAXLEN", "~", maxLength, "*", ...fields));
      if (!id) throw new Error("Redis did not append the event");
      return id;
    },
    subscribe: (options) =>
      fanOut.subscribe(
        async (after) => (await commands.xrange(stream, `(${after}`, "+", "COUNT", maxLength)).map(toStored),
        options,
      ),
    watchReading(listener, signal) {
      readingWatchers.add(listener);
      signal?.addEventListener("abort", () => readingWatchers.delete(listener), { once: true });
    },
    async ping() {
      await commands.ping();
    },
    async close() {
      closed = true;
      reader.disconnect();
      await reading;
      await commands.quit();
    },
  };
}
