import type { EventBus, StoredEvent } from "../events";

/** Everything `events` carries while `act` runs; a marker published last shows delivery is complete. */
export async function publishedDuring(events: EventBus, act: () => Promise<unknown>): Promise<StoredEvent["event"][]> {
  const controller = new AbortController();
  const seen: StoredEvent["event"][] = [];
  const iterator = events.subscribe({ signal: controller.signal })[Symbol.asyncIterator]();
  const listening = iterator.next();
  await act().catch(() => undefined);
  // The marker is known by its id: any event will do, and `content.changed` is the one every app has.
  const marker = await events.publish({ type: "content.changed" });
  for (let next = await listening; !next.done; next = await iterator.next()) {
    if (next.value.id === marker) break;
    seen.push(next.value.event);
  }
  controller.abort();
  return seen;
}

/**
 * The first `count` events a subscription yields, as { id, data }. A server-side
 * caller yields tRPC's raw tracked envelope, `[id, data, marker]`, although its
 * type says `{ id, data }` (the HTTP links convert it): read it either way.
 */
export async function take(iterable: AsyncIterable<unknown>, count: number): Promise<{ id: string; data: unknown }[]> {
  const values: { id: string; data: unknown }[] = [];
  for await (const value of iterable) {
    const [id, data] = Array.isArray(value)
      ? value
      : [Reflect.get(Object(value), "id"), Reflect.get(Object(value), "data")];
    values.push({ id: String(id), data });
    if (values.length === count) break;
  }
  return values;
}
