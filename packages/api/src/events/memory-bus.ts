import { FanOut } from "./fan-out";
import { currentTraceparent } from "./traced-bus";
import { compareEventIds, type EventBus, type StoredEvent, type TrellisEvent } from "./types";

/**
 * The default bus: one process, no services. It keeps the last `history`
 * events so a client that reconnects within them resumes without a gap; ids
 * are "<ms>-<seq>" like Redis's, so they keep growing across restarts.
 */
export function createMemoryBus({ history = 1000 }: { history?: number } = {}): EventBus {
  const fanOut = new FanOut();
  const log: StoredEvent[] = [];
  let lastMs = 0;
  let seq = 0;

  const nextId = () => {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      seq = 0;
    } else {
      seq += 1;
    }
    return `${lastMs}-${seq}`;
  };

  return {
    async publish(event: TrellisEvent) {
      const traceparent = currentTraceparent();
      const stored: StoredEvent = traceparent ? { id: nextId(), event, traceparent } : { id: nextId(), event };
      log.push(stored);
      if (log.length > history) log.shift();
      fanOut.deliver(stored);
      return stored.id;
    },
    subscribe: (options) =>
      fanOut.subscribe(async (after) => log.filter((stored) => compareEventIds(stored.id, after) > 0), options),
    async ping() {},
    async close() {},
  };
}
