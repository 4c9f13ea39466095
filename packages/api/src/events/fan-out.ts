import { publishDelivery } from "../diagnostics";
import { compareEventIds, type StoredEvent } from "./types";

type Listener = (event: StoredEvent) => void;

/**
 * The part both buses share: local listeners fed in log order, and the one
 * way to subscribe without a gap or a duplicate — start listening (buffering),
 * then replay the log after the client's last id, then hand over to the live
 * events, skipping any the replay already gave.
 */
export class FanOut {
  readonly #listeners = new Set<Listener>();

  deliver(event: StoredEvent): void {
    publishDelivery(event.id);
    for (const listener of this.#listeners) listener(event);
  }

  async *subscribe(
    readAfter: (after: string) => Promise<StoredEvent[]>,
    options: { after?: string | null | undefined; signal?: AbortSignal | undefined },
  ): AsyncGenerator<StoredEvent> {
    const { signal } = options;
    const queue: StoredEvent[] = [];
    let wake: (() => void) | undefined;
    const listener: Listener = (event) => {
      queue.push(event);
      wake?.();
    };
    const onAbort = () => wake?.();
    this.#listeners.add(listener);
    signal?.addEventListener("abort", onAbort);
    try {
      let last = options.after ?? null;
      if (last) {
        for (const event of await readAfter(last)) {
          if (signal?.aborted) return;
          yield event;
          last = event.id;
        }
      }
      while (!signal?.aborted) {
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        if (last && compareEventIds(event.id, last) <= 0) continue; // the replay already gave it
        yield event;
        last = event.id;
      }
    } finally {
      this.#listeners.delete(listener);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
