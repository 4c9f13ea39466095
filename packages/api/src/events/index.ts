export { createMemoryBus } from "./memory-bus";
export { createRedisBus } from "./redis-bus";
export { compareEventIds, type EventBus, isEventId, type StoredEvent, type TrellisEvent } from "./types";
